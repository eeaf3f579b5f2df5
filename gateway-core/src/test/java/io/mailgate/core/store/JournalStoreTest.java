package io.mailgate.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.mailgate.api.DecisionJournal.Entry;
import io.mailgate.api.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalStoreTest {

    @TempDir
    Path home;

    private Database database;
    private JournalStore journal;

    @BeforeEach
    void open() {
        database = Database.open(home.resolve("db"));
        journal = new JournalStore(database);
    }

    @AfterEach
    void close() {
        journal.close();
        database.close();
    }

    @Test
    void recordShouldReachTheDatabaseWithoutAFlush() throws InterruptedException {
        journal.record(entry(1, "t1", "a@example.com"));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (journal.query(JournalStore.Filter.all(), "", 10).entries().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the entry was not written within 5 s");
            Thread.sleep(20);
        }
    }

    @Test
    void queryShouldPageNewestFirstThroughManyBatches() throws InterruptedException {
        for (int i = 0; i < 1234; i++) {
            journal.record(entry(i, "t1", "r" + i + "@example.com"));
        }
        journal.flush();
        List<Long> ids = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            JournalStore.Page page = journal.query(JournalStore.Filter.all(), cursor, 500);
            page.entries().forEach(stored -> {
                ids.add(stored.id());
                messages.add(stored.entry().messageId());
            });
            cursor = page.nextCursor().orElse(null);
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(1234, ids.size());
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) < ids.get(i - 1), "ids must fall");
        }
        assertEquals("<m1233@example.com>", messages.get(0));
        assertEquals("<m0@example.com>", messages.get(1233));
    }

    @Test
    void queryShouldFilterByTenantMessageAndRecipient() throws InterruptedException {
        journal.record(entry(1, "t1", "a@example.com"));
        journal.record(entry(2, "t2", "a@example.com"));
        journal.record(entry(2, "t2", "b@example.com"));
        journal.flush();
        assertEquals(2, journal.query(new JournalStore.Filter("t2", "", ""), "", 10).entries().size());
        assertEquals(2, journal.query(new JournalStore.Filter("", "", "a@example.com"), "", 10).entries().size());
        assertEquals(1, journal.query(new JournalStore.Filter("t2", "<m2@example.com>", "b@example.com"), "", 10).entries().size());
        assertEquals(0, journal.query(new JournalStore.Filter("t3", "", ""), "", 10).entries().size());
    }

    @Test
    void queryShouldReturnTheEntryAsRecorded() throws InterruptedException {
        Entry entry = entry(5, "t1", "a@example.com");
        journal.record(entry);
        journal.flush();
        JournalStore.Page page = journal.query(JournalStore.Filter.all(), "", 10);
        assertEquals(entry, page.entries().get(0).entry());
        assertEquals(Optional.empty(), page.nextCursor());
    }

    @Test
    void closeShouldWriteEverythingQueued() {
        for (int i = 0; i < 700; i++) {
            journal.record(entry(i, "t1", "a@example.com"));
        }
        journal.close();
        journal.record(entry(1, "t1", "late@example.com"));
        assertEquals(700, journal.query(JournalStore.Filter.all(), "", 1000).entries().size());
        assertEquals(1, journal.dropped());
    }

    @Test
    void recordShouldDropRatherThanBlockWhenTheQueueIsFull() {
        journal.close();
        journal = new JournalStore(database, 1);
        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            journal.record(entry(i, "t1", "a@example.com"));
        }
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "record() must not wait for the writer");
        assertTrue(journal.dropped() > 0);
    }

    @Test
    void queryShouldRefuseABadCursorOrLimit() {
        assertThrows(InvalidInputException.class, () -> journal.query(JournalStore.Filter.all(), "abc", 10));
        assertThrows(InvalidInputException.class, () -> journal.query(JournalStore.Filter.all(), "-4", 10));
        assertThrows(InvalidInputException.class, () -> journal.query(JournalStore.Filter.all(), "", 0));
        assertThrows(InvalidInputException.class, () -> journal.query(JournalStore.Filter.all(), "", JournalStore.MAX_LIMIT + 1));
    }

    private static Entry entry(int n, String tenant, String recipient) {
        return new Entry(Instant.parse("2025-01-02T03:04:05.678Z").plus(n, ChronoUnit.SECONDS), "<m" + n + "@example.com>",
                tenant, recipient, "suppression", Verdict.Kind.SKIP_RECIPIENT, "SUP-1", "unsubscribed");
    }
}
