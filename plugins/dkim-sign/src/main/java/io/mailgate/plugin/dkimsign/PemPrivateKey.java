package io.mailgate.plugin.dkimsign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Reads an unencrypted PKCS#8 private key from a PEM file ({@code -----BEGIN PRIVATE KEY-----}),
 * as {@code openssl genpkey} writes it, with the JDK's own key factories ({@code RSA},
 * {@code Ed25519}).
 *
 * <p>Input: the file and the key algorithm expected. Output: the key, or
 * {@link IllegalArgumentException} with a reason an admin can act on (another PEM type, another
 * algorithm, bad base64); an unreadable file gives the {@link IOException}.
 */
final class PemPrivateKey {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private PemPrivateKey() {
    }

    static PrivateKey read(Path file, String algorithm) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(file + " is not an unencrypted PKCS#8 PEM private key (" + BEGIN + ")"
                    + (pem.contains("-----BEGIN RSA PRIVATE KEY-----")
                            ? "; it is PKCS#1: convert it with openssl pkcs8 -topk8 -nocrypt" : ""));
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": the PEM body is not base64: " + e.getMessage(), e);
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " does not hold an " + algorithm + " private key: " + e.getMessage(), e);
        }
    }
}
