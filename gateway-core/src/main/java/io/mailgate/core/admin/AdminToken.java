package io.mailgate.core.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin's bearer token, kept in {@code <home>/admin.token} where {@code mailgatectl} reads it.
 *
 * <p>On first start a random 256-bit token (URL-safe base64) is written to a file created with mode
 * 0600 from the start (a temporary file with that mode, then renamed into place), so that it is never
 * readable by others, not even for a moment. Later starts reuse it; delete the file to get a new one.
 * The token itself is never logged. Comparison runs in constant time.
 */
public final class AdminToken implements TokenAuthenticator {

    public static final String FILE_NAME = "admin.token";

    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{32,}");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final byte[] digest;

    private AdminToken(Path file, String token) {
        this.file = file;
        this.digest = sha256(token);
    }

    /** Reads the token in {@code home}, or creates it there on first start. */
    public static AdminToken loadOrCreate(Path home) throws IOException {
        Files.createDirectories(home);
        Path file = home.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return load(file);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path temporary = Files.createTempFile(home, FILE_NAME, ".tmp", ownerOnly(home));
        try {
            Files.writeString(temporary, token + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        LOG.info("created a new admin token in {}", file);
        return new AdminToken(file, token);
    }

    /** The file the token is in. */
    public Path file() {
        return file;
    }

    @Override
    public Optional<ApiPrincipal> authenticate(String token) {
        if (token == null) {
            return Optional.empty();
        }
        // Digests have one length, so the comparison time says nothing about the token either.
        return MessageDigest.isEqual(digest, sha256(token)) ? Optional.of(ApiPrincipal.admin()) : Optional.empty();
    }

    private static AdminToken load(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!FORMAT.matcher(token).matches()) {
            throw new IOException(file + " does not hold a valid admin token; delete it and start again to get a new one");
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                LOG.warn("{} can be read by others (mode {}); run: chmod 600 {}", file,
                        PosixFilePermissions.toString(permissions), file);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
        return new AdminToken(file, token);
    }

    private static FileAttribute<?>[] ownerOnly(Path home) {
        if (home.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
        }
        LOG.warn("the file system of {} has no POSIX permissions: protect {} yourself", home, FILE_NAME);
        return new FileAttribute<?>[0];
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
