package io.mailgate.core.domains;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

import io.mailgate.api.SendingDomains;

/**
 * One DKIM key of a sending domain: its selector, algorithm, the private key the gateway signs
 * with, and the {@code p=} value the domain publishes.
 *
 * <p>RSA keys are 2048 bits, published as the DER SubjectPublicKeyInfo (what RFC 6376 section
 * 3.6.1 describes and every verifier reads). Ed25519 keys are published as the raw 32-byte public
 * key (RFC 8463 section 4), which is the tail of the JDK's X.509 encoding.
 *
 * @param publicKey the base64 {@code p=} value
 */
public record DkimKeyPair(String selector, Algorithm algorithm, PrivateKey privateKey, String publicKey) {

    /** The two algorithms every domain gets a key for. */
    public enum Algorithm {
        RSA("rsa-sha256", "rsa", "RSA"),
        ED25519("ed25519-sha256", "ed25519", "Ed25519");

        /** As the DKIM-Signature a= tag names it. */
        public final String signing;
        /** As the key record's k= tag names it. */
        public final String keyType;
        final String jca;

        Algorithm(String signing, String keyType, String jca) {
            this.signing = signing;
            this.keyType = keyType;
            this.jca = jca;
        }

        static Algorithm bySigning(String name) {
            for (Algorithm algorithm : values()) {
                if (algorithm.signing.equals(name)) {
                    return algorithm;
                }
            }
            throw new IllegalArgumentException("unknown DKIM algorithm " + name);
        }
    }

    /** A new key pair for {@code selector}. */
    public static DkimKeyPair generate(String selector, Algorithm algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.jca);
            if (algorithm == Algorithm.RSA) {
                generator.initialize(2048);
            }
            KeyPair pair = generator.generateKeyPair();
            return new DkimKeyPair(selector, algorithm, pair.getPrivate(), publishedForm(algorithm, pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.jca + " keys cannot be generated in this JVM", e);
        }
    }

    /** The key again from its stored parts: the PKCS#8 private key and the published value. */
    static DkimKeyPair restore(String selector, Algorithm algorithm, byte[] pkcs8, String publicKey)
            throws GeneralSecurityException {
        PrivateKey privateKey = KeyFactory.getInstance(algorithm.jca).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        return new DkimKeyPair(selector, algorithm, privateKey, publicKey);
    }

    /** The TXT record value at {@code <selector>._domainkey.<domain>}. */
    public String txtValue() {
        return "v=DKIM1; k=" + algorithm.keyType + "; p=" + publicKey;
    }

    /** The record name for {@code domain}. */
    public String recordName(String domain) {
        return selector + "._domainkey." + domain;
    }

    SendingDomains.DkimKey toApi() {
        return new SendingDomains.DkimKey(selector, algorithm.signing, privateKey);
    }

    private static String publishedForm(Algorithm algorithm, PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (algorithm == Algorithm.ED25519) {
            encoded = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
        }
        return Base64.getEncoder().encodeToString(encoded);
    }

    @Override
    public String toString() {
        return "DkimKeyPair[" + selector + ", " + algorithm + "]"; // never the private key
    }
}
