package io.mailgate.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

    @TempDir
    Path home;

    @Test
    void loadOrCreateShouldWriteAnOwnerOnlyFileInAHomeItCreates() throws IOException {
        Path nested = home.resolve("var");
        AdminToken token = AdminToken.loadOrCreate(nested);
        Path file = nested.resolve("admin.token");
        assertEquals(file, token.file());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var files = Files.list(nested)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void authenticateShouldAcceptOnlyTheTokenInTheFile() throws IOException {
        AdminToken token = AdminToken.loadOrCreate(home);
        String value = Files.readString(home.resolve("admin.token")).strip();
        assertEquals(Optional.of(ApiPrincipal.admin()), token.authenticate(value));
        assertEquals(Optional.empty(), token.authenticate(value + "a"));
        assertEquals(Optional.empty(), token.authenticate(""));
        assertEquals(Optional.empty(), token.authenticate(null));
    }

    @Test
    void loadOrCreateShouldReuseAnExistingToken() throws IOException {
        AdminToken.loadOrCreate(home);
        String value = Files.readString(home.resolve("admin.token")).strip();
        AdminToken again = AdminToken.loadOrCreate(home);
        assertTrue(again.authenticate(value).isPresent());
    }

    @Test
    void loadOrCreateShouldRefuseAFileThatHoldsNoToken() throws IOException {
        Files.writeString(home.resolve("admin.token"), "short\n");
        IOException failure = assertThrows(IOException.class, () -> AdminToken.loadOrCreate(home));
        assertTrue(failure.getMessage().contains("delete it"), failure.getMessage());
    }
}
