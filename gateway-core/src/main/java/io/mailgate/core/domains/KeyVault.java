package io.mailgate.core.domains;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals secrets for the database (the DKIM private keys): AES-256-GCM under a master key that
 * lives in a file, never in the database, so that a copy of the database alone reveals no key.
 *
 * <p>The master key file holds 32 random bytes in base64 on one line. It is created on first use
 * with mode 0600 in a directory of mode 0700 ({@code <home>/keys/master.key} by default). Losing it
 * loses every DKIM key: back it up apart from the database.
 *
 * <p>A sealed value is {@code v1:} + base64(12-byte nonce, ciphertext, 16-byte tag). The caller's
 * {@code context} (tenant, domain, selector) is bound as associated data: a sealed key copied to
 * another row does not open there.
 */
public final class KeyVault {

    private static final Logger LOG = LoggerFactory.getLogger(KeyVault.class);
    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    KeyVault(byte[] keyBytes) {
        if (keyBytes.length != 32) {
            throw new IllegalArgumentException("the master key has " + keyBytes.length + " bytes, expected 32 (AES-256)");
        }
        this.key = new SecretKeySpec(keyBytes, "AES");
    }

    /** Reads the master key from {@code file}, creating it (mode 0600) when it does not exist. */
    public static KeyVault loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            create(file);
        } else if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                LOG.warn("the master key {} is readable by others ({}): chmod 600 it",
                        file, PosixFilePermissions.toString(permissions));
            }
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a master key (base64 of 32 bytes): " + e.getMessage());
        }
        try {
            return new KeyVault(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static void create(Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (!Files.exists(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        Path temporary = directory.resolve(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, Base64.getEncoder().encodeToString(bytes) + "\n", StandardCharsets.US_ASCII);
        Arrays.fill(bytes, (byte) 0);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        LOG.info("created the master key for DKIM private keys: {} (back it up apart from the database)", file);
    }

    /**
     * A key for another purpose (signing VERP tokens …), derived from the master key with
     * HMAC-SHA256 over the purpose's name: one secret to back up, and a purpose key never reveals it.
     */
    public byte[] derive(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(("mailgate-derived-key:" + purpose).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Encrypts {@code secret}, bound to {@code context}. */
    public String seal(byte[] secret, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        }
    }

    /**
     * Decrypts a value made by {@link #seal} with the same context.
     *
     * @throws SealedValueException when the value was sealed under another master key or context, or is damaged
     */
    public byte[] open(String sealed, String context) throws SealedValueException {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new SealedValueException("not a sealed value (expected the prefix " + PREFIX + ")");
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new SealedValueException("the sealed value is not base64");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SealedValueException("the sealed value is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SealedValueException("it does not open with this master key (another master.key, or a damaged value)");
        } catch (GeneralSecurityException e) {
            throw new SealedValueException("it cannot be decrypted: " + e.getMessage());
        }
    }

    /** A sealed value that cannot be opened. */
    public static final class SealedValueException extends Exception {
        SealedValueException(String message) {
            super(message);
        }
    }
}
