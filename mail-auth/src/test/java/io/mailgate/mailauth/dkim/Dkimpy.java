package io.mailgate.mailauth.dkim;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An independent signer for the verifier's tests: Debian's dkimpy (python3-dkim), run as a
 * subprocess with {@code /usr/bin/python3} or the interpreter named by the system property
 * {@code mailgate.python3}. Without it the tests fail with the command that installs it; they never skip.
 */
final class Dkimpy {

    private static final String PYTHON = System.getProperty("mailgate.python3", "/usr/bin/python3");

    private final Path dir;
    private final Path script;

    Dkimpy(Path dir) throws IOException {
        this.dir = dir;
        this.script = dir.resolve("dkim_sign.py");
        try (InputStream in = Dkimpy.class.getResourceAsStream("/dkim_sign.py")) {
            Files.copy(in, script);
        }
    }

    /**
     * The message with a DKIM-Signature from dkimpy on top.
     *
     * @param canonicalization "relaxed/simple" and so on
     * @param headers the h= names colon-separated (repeats over-sign), or "-" for dkimpy's choice
     * @param length whether to add l=
     */
    byte[] sign(byte[] message, KeyPair key, String selector, String domain, String canonicalization, String headers,
                boolean length) throws IOException, InterruptedException {
        boolean rsa = key.getPrivate().getAlgorithm().equals("RSA");
        Path messageFile = Files.createTempFile(dir, "message", ".eml");
        Files.write(messageFile, message);
        Path keyFile = Files.createTempFile(dir, "key", ".txt");
        Files.writeString(keyFile, rsa ? pkcs1Pem(key) : ed25519Seed(key), StandardCharsets.US_ASCII);
        List<String> command = List.of(PYTHON, script.toString(), messageFile.toString(), keyFile.toString(), selector,
                domain, rsa ? "rsa-sha256" : "ed25519-sha256", canonicalization, headers, length ? "yes" : "no");
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + PYTHON + ": " + e.getMessage(), e);
        }
        byte[] stdout = process.getInputStream().readAllBytes();
        byte[] stderr = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("dkimpy did not finish within 60 s");
        }
        if (process.exitValue() != 0) {
            fail("dkimpy failed (" + process.exitValue() + "; install Debian's python3-dkim for " + PYTHON + "): "
                    + new String(stderr, StandardCharsets.UTF_8));
        }
        return stdout;
    }

    /** dkimpy wants PKCS#1 (RSAPrivateKey) PEM; the JDK encodes PKCS#8, whose last element holds the PKCS#1 key. */
    private static String pkcs1Pem(KeyPair key) {
        byte[] pkcs8 = key.getPrivate().getEncoded();
        int offset = contentStart(pkcs8, 0);          // inside PrivateKeyInfo SEQUENCE
        offset = skipElement(pkcs8, offset);          // version INTEGER
        offset = skipElement(pkcs8, offset);          // AlgorithmIdentifier SEQUENCE
        int start = contentStart(pkcs8, offset);      // privateKey OCTET STRING: the PKCS#1 key
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, start, skipElement(pkcs8, offset));
        return "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs1)
                + "\n-----END RSA PRIVATE KEY-----\n";
    }

    /** PyNaCl's SigningKey takes the 32-byte seed: the last 32 bytes of the JDK's PKCS#8 Ed25519 key. */
    private static String ed25519Seed(KeyPair key) {
        byte[] pkcs8 = key.getPrivate().getEncoded();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length));
    }

    private static int contentStart(byte[] der, int offset) {
        int lengthByte = der[offset + 1] & 0xff;
        return offset + 2 + (lengthByte < 0x80 ? 0 : lengthByte & 0x7f);
    }

    private static int skipElement(byte[] der, int offset) {
        int lengthByte = der[offset + 1] & 0xff;
        int length = lengthByte;
        if (lengthByte >= 0x80) {
            length = 0;
            for (int i = 0; i < (lengthByte & 0x7f); i++) {
                length = (length << 8) | (der[offset + 2 + i] & 0xff);
            }
        }
        return contentStart(der, offset) + length;
    }
}
