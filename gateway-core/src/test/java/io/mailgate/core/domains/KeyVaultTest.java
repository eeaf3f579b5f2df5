package io.mailgate.core.domains;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyVaultTest {

    @TempDir
    Path home;

    private static final byte[] SECRET = "a private key".getBytes(StandardCharsets.UTF_8);

    @Test
    void loadOrCreateShouldWriteTheMasterKeyWithMode0600() throws Exception {
        Path file = home.resolve("keys/master.key");
        KeyVault.loadOrCreate(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    }

    @Test
    void openShouldReturnWhatSealHid() throws Exception {
        KeyVault vault = KeyVault.loadOrCreate(home.resolve("master.key"));
        String sealed = vault.seal(SECRET, "dkim/t1/example.com/mg-rsa");
        assertTrue(sealed.startsWith("v1:"));
        assertFalse(sealed.contains("a private key"));
        assertArrayEquals(SECRET, vault.open(sealed, "dkim/t1/example.com/mg-rsa"));
        assertNotEquals(sealed, vault.seal(SECRET, "dkim/t1/example.com/mg-rsa"), "a fresh nonce every time");
    }

    @Test
    void openShouldReadTheSameMasterKeyAgainAfterARestart() throws Exception {
        String sealed = KeyVault.loadOrCreate(home.resolve("master.key")).seal(SECRET, "c");
        assertArrayEquals(SECRET, KeyVault.loadOrCreate(home.resolve("master.key")).open(sealed, "c"));
    }

    @Test
    void openShouldFailWithAnotherMasterKey() throws Exception {
        String sealed = KeyVault.loadOrCreate(home.resolve("one.key")).seal(SECRET, "c");
        KeyVault other = KeyVault.loadOrCreate(home.resolve("other.key"));
        KeyVault.SealedValueException e = assertThrows(KeyVault.SealedValueException.class, () -> other.open(sealed, "c"));
        assertTrue(e.getMessage().contains("another master.key"), e.getMessage());
    }

    @Test
    void openShouldFailInAnotherContext() throws Exception {
        KeyVault vault = KeyVault.loadOrCreate(home.resolve("master.key"));
        String sealed = vault.seal(SECRET, "dkim/t1/example.com/mg-rsa");
        assertThrows(KeyVault.SealedValueException.class, () -> vault.open(sealed, "dkim/t2/example.com/mg-rsa"));
    }

    @Test
    void openShouldFailOnDamagedValues() throws Exception {
        KeyVault vault = KeyVault.loadOrCreate(home.resolve("master.key"));
        String sealed = vault.seal(SECRET, "c");
        String flipped = sealed.substring(0, 10) + (sealed.charAt(10) == 'A' ? 'B' : 'A') + sealed.substring(11);
        assertThrows(KeyVault.SealedValueException.class, () -> vault.open(flipped, "c"));
        assertThrows(KeyVault.SealedValueException.class, () -> vault.open("plain text", "c"));
        assertThrows(KeyVault.SealedValueException.class, () -> vault.open("v1:AAAA", "c"));
    }

    @Test
    void loadOrCreateShouldRefuseAFileThatIsNotAKey() throws Exception {
        Path file = Files.writeString(home.resolve("master.key"), "c2hvcnQ=\n");
        assertThrows(java.io.IOException.class, () -> KeyVault.loadOrCreate(file));
    }
}
