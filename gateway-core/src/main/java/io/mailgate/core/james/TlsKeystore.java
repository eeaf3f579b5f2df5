package io.mailgate.core.james;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMTP servers' certificate: the PKCS#12 keystore configured in {@code smtp.tls.keystore}, or,
 * when none is, a self-signed one made on first start under {@code <home>/tls/} (kept, with its
 * password in a file readable by the gateway's user only), so that STARTTLS works out of the box.
 */
public record TlsKeystore(Path file, String password) {

    private static final Logger LOGGER = LoggerFactory.getLogger(TlsKeystore.class);

    public static TlsKeystore configured(Path file, String password) {
        if (!Files.isReadable(file)) {
            throw new io.mailgate.core.config.ConfigException("smtp.tls.keystore: cannot read " + file);
        }
        return new TlsKeystore(file, password);
    }

    /** The self-signed keystore under {@code dir}, made now if it does not exist yet. */
    public static TlsKeystore selfSigned(Path dir, String hostName) throws IOException, GeneralSecurityException {
        Path file = dir.resolve("smtp.p12");
        Path passwordFile = dir.resolve("smtp.p12.password");
        if (Files.exists(file) && Files.exists(passwordFile)) {
            return new TlsKeystore(file, Files.readString(passwordFile, StandardCharsets.US_ASCII).trim());
        }
        Files.createDirectories(dir);
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X509Certificate certificate = certificate(pair, hostName);

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("smtp", pair.getPrivate(), password.toCharArray(), new X509Certificate[] {certificate});
        Files.writeString(Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))), password, StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(Files.createFile(file,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))))) {
            store.store(out, password.toCharArray());
        }
        LOGGER.warn("made a self-signed certificate for {} in {}; set smtp.tls.keystore to use your own", hostName, file);
        return new TlsKeystore(file, password);
    }

    private static X509Certificate certificate(KeyPair pair, String hostName) throws GeneralSecurityException {
        X500Name subject = new X500Name("CN=" + hostName);
        Instant now = Instant.now();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))), subject, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, hostName)));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot make the self-signed certificate", e);
        }
    }
}
