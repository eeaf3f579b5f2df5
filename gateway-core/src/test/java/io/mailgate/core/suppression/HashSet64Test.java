package io.mailgate.core.suppression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class HashSet64Test {

    @Test
    void shouldAgreeWithAJavaSetThroughRandomAddsAndRemovesWithGrowth() {
        HashSet64 set = new HashSet64(16);
        Set<Long> expected = new HashSet<>();
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            // A small key space, so that removals hit and runs of collisions form.
            long key = random.nextInt(50_000) * 0x9E3779B97F4A7C15L;
            if (random.nextInt(3) == 0) {
                assertEquals(expected.remove(key), set.remove(key), "remove " + key);
            } else {
                assertEquals(expected.add(key), set.add(key), "add " + key);
            }
        }
        assertEquals(expected.size(), set.size());
        for (int k = 0; k < 50_000; k++) {
            long key = k * 0x9E3779B97F4A7C15L;
            assertEquals(expected.contains(key), set.contains(key), "contains " + key);
        }
    }

    @Test
    void removalShouldKeepEntriesWhoseProbeRunWrapsAroundTheTable() {
        HashSet64 set = new HashSet64(16);
        // Keys whose slot is the last one of a 32-slot table: (key ^ key>>>32) & 31 == 31.
        long[] keys = {31, 63, 95, 127};
        for (long key : keys) {
            assertTrue(set.add(key));
        }
        assertTrue(set.remove(31));
        for (int i = 1; i < keys.length; i++) {
            assertTrue(set.contains(keys[i]), "lost " + keys[i] + " after a removal before it in its run");
        }
        assertFalse(set.contains(31));
    }

    @Test
    void zeroShouldBeAHashLikeAnyOther() {
        HashSet64 set = new HashSet64(16);
        assertFalse(set.contains(0));
        assertTrue(set.add(0));
        assertTrue(set.contains(0));
        assertTrue(set.remove(0));
        assertFalse(set.contains(0));
    }

    @Test
    void memoryShouldStayUnder32BytesPerEntryAtAnySize() {
        HashSet64 set = new HashSet64(16);
        for (long i = 1; i <= 1_000_000; i++) {
            set.add(i * 0x9E3779B97F4A7C15L);
            if (i % 100_000 == 0) {
                assertTrue(set.bytes() / (double) set.size() < 32, set.bytes() + " bytes for " + set.size());
            }
        }
    }
}
