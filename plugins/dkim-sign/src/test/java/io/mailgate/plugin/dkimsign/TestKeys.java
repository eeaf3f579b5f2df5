package io.mailgate.plugin.dkimsign;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import io.mailgate.api.SendingDomains;

/**
 * Keys for the tests, made once per test run (none are kept in the tree): an RSA 2048 and an
 * Ed25519 key pair, the sending domain that holds them, and the DNS TXT records a verifier looks up.
 */
final class TestKeys {

    static final String TENANT = "acme";
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

    /** The tenant's sending domain {@value #DOMAIN}, verified, with both keys. */
    static SendingDomains.SendingDomain exampleCom() {
        return new SendingDomains.SendingDomain(DOMAIN, TENANT, true, "", false, List.of(
                new SendingDomains.DkimKey(RSA_SELECTOR, "rsa-sha256", RSA.getPrivate()),
                new SendingDomains.DkimKey(ED25519_SELECTOR, "ed25519-sha256", ED25519.getPrivate())));
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
