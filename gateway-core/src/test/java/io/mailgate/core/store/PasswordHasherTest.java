package io.mailgate.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher fast = new PasswordHasher(1000);

    @Test
    void hashShouldDescribeItselfWithTheDefaultIterations() {
        String stored = new PasswordHasher().hash("correct horse battery".toCharArray());
        String[] parts = stored.split("\\$");
        assertEquals(4, parts.length);
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals(Integer.toString(PasswordHasher.DEFAULT_ITERATIONS), parts[1]);
        assertTrue(PasswordHasher.DEFAULT_ITERATIONS >= 210_000);
        assertEquals(16, Base64.getDecoder().decode(parts[2]).length);
        assertEquals(32, Base64.getDecoder().decode(parts[3]).length);
        assertFalse(stored.contains("correct horse"));
    }

    @Test
    void verifyShouldAcceptTheRightPassword() {
        String stored = fast.hash("correct horse battery".toCharArray());
        assertTrue(fast.verify("correct horse battery".toCharArray(), stored));
    }

    @Test
    void verifyShouldRejectAWrongPassword() {
        String stored = fast.hash("correct horse battery".toCharArray());
        assertFalse(fast.verify("correct horse batterz".toCharArray(), stored));
        assertFalse(fast.verify(new char[0], stored));
    }

    @Test
    void hashShouldUseAFreshSaltEachTime() {
        String first = fast.hash("same password here".toCharArray());
        String second = fast.hash("same password here".toCharArray());
        assertNotEquals(first.split("\\$")[2], second.split("\\$")[2]);
        assertNotEquals(first, second);
    }

    @Test
    void verifyShouldUseTheIterationsStoredWithTheHash() {
        String stored = new PasswordHasher(2000).hash("an older hash".toCharArray());
        assertTrue(fast.verify("an older hash".toCharArray(), stored));
    }

    @Test
    void verifyShouldRejectAStoredValueItCannotRead() {
        assertFalse(fast.verify("x".toCharArray(), ""));
        assertFalse(fast.verify("x".toCharArray(), "plain text"));
        assertFalse(fast.verify("x".toCharArray(), "pbkdf2-sha256$abc$AAAA$AAAA"));
        assertFalse(fast.verify("x".toCharArray(), "pbkdf2-sha256$1000$!!$AAAA"));
        assertFalse(fast.verify("x".toCharArray(), "md5$1000$AAAA$AAAA"));
    }
}
