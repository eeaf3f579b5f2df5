package io.mailgate.plugin.dkimsign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * Keys for the tests, made once per test run (none are kept in the tree): an RSA 2048 and an
 * Ed25519 key pair, the PEM files the stage reads, and the DNS TXT records a verifier looks up.
 */
final class TestKeys {

    static final String DOMAIN = "example.com";
    static final String RSA_SELECTOR = "mg-rsa";
    static final String ED25519_SELECTOR = "mg-ed";

    private static final KeyPair RSA = generate("RSA", 2048);
    private static final KeyPair ED25519 = generate("Ed25519", 0);

    private TestKeys() {
    }

    static KeyPair rsa() {
        return RSA;
    }

    static KeyPair ed25519() {
        return ED25519;
    }

    static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (bits > 0) {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the key as unencrypted PKCS#8 PEM, as {@code openssl genpkey} does. */
    static Path writePem(Path file, PrivateKey key) throws IOException {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n",
                StandardCharsets.US_ASCII);
        return file;
    }

    /** The DNS name of a selector's key record. */
    static String recordName(String selector) {
        return selector + "._domainkey." + DOMAIN;
    }

    /** {@code v=DKIM1; k=rsa; p=<SubjectPublicKeyInfo, base64>} (RFC 6376, 3.6.1). */
    static String rsaRecord(PublicKey key) {
        return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** {@code v=DKIM1; k=ed25519; p=<the 32-byte public key, base64>} (RFC 8463, 4). */
    static String ed25519Record(PublicKey key) {
        byte[] spki = key.getEncoded();
        byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        return "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(raw);
    }
}
