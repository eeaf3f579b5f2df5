package io.mailgate.mailauth.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;

/** Keys made once per test run (none are kept in the tree) and the key records that publish them. */
final class DkimTestKeys {

    static final KeyPair RSA = generate("RSA", 2048);
    static final KeyPair ED25519 = generate("Ed25519", 0);

    private DkimTestKeys() {
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

    /** The key record for a key pair: {@code k=rsa} with the SubjectPublicKeyInfo, {@code k=ed25519} with the 32 bytes. */
    static String record(KeyPair key) {
        PublicKey publicKey = key.getPublic();
        if (publicKey.getAlgorithm().equals("RSA")) {
            return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(publicKey.getEncoded());
        }
        byte[] spki = publicKey.getEncoded();
        return "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }
}
