package io.mailgate.core.suppression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mailgate.api.Suppressions.Entry;
import io.mailgate.api.Suppressions.Reason;
import io.mailgate.core.store.Database;
import io.mailgate.core.store.InvalidInputException;

class SuppressionStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path home;

    private Database database;
    private SuppressionStore store;

    @BeforeEach
    void open() {
        database = Database.open(home.resolve("db"));
        store = new SuppressionStore(database, CLOCK);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void findShouldLookAtTheGatewayWideThenTheTenantThenTheResourceList() {
        store.add(entry("", "", "Gone@Example.ORG", Reason.HARD_BOUNCE));
        store.add(entry("t1", "", "left@example.org", Reason.UNSUBSCRIBE));
        store.add(entry("t1", "news", "topic@example.org", Reason.UNSUBSCRIBE));

        assertEquals(Reason.HARD_BOUNCE, store.find("t2", "", "gone@example.org").orElseThrow().reason(),
                "a gateway-wide entry holds for every tenant, whatever the case");
        assertEquals(Reason.UNSUBSCRIBE, store.find("t1", "", "LEFT@example.org").orElseThrow().reason());
        assertTrue(store.find("t2", "", "left@example.org").isEmpty(), "another tenant's list does not apply");
        assertTrue(store.find("t1", "", "topic@example.org").isEmpty(), "a resource entry holds only for that resource");
        assertEquals("news", store.find("t1", "news", "topic@example.org").orElseThrow().resource());
        assertTrue(store.find("t1", "other", "topic@example.org").isEmpty());
        assertTrue(store.find("t1", "", "not an address").isEmpty());
    }

    @Test
    void entriesShouldSurviveAReopenAndRemovalShouldBeExact() {
        store.add(entry("t1", "", "reader@example.org", Reason.COMPLAINT));
        store.add(entry("t1", "news", "reader@example.org", Reason.UNSUBSCRIBE));
        database.close();
        database = Database.open(home.resolve("db"));
        store = new SuppressionStore(database, CLOCK);
        assertEquals(2, store.size());
        assertTrue(store.remove("t1", "", "reader@example.org"));
        assertFalse(store.remove("t1", "", "reader@example.org"));
        assertTrue(store.find("t1", "", "reader@example.org").isEmpty());
        assertTrue(store.find("t1", "news", "reader@example.org").isPresent());
    }

    @Test
    void oddButValidAddressesShouldBeNormalizedAndFound() {
        store.add(entry("t1", "", "\"john,doe\"@example.org", Reason.MANUAL));
        store.add(entry("t1", "", "user@bücher.example", Reason.MANUAL));
        assertTrue(store.find("t1", "", "\"JOHN,DOE\"@example.org").isPresent());
        assertEquals("user@xn--bcher-kva.example", store.find("t1", "", "user@BÜCHER.example").orElseThrow().address());
        InvalidInputException bad = assertThrows(InvalidInputException.class,
                () -> store.add(entry("t1", "", "no-at-sign", Reason.MANUAL)));
        assertTrue(bad.getMessage().contains("'no-at-sign' is not a valid address"), bad.getMessage());
    }

    @Test
    void listShouldPageWithACursorInAddressOrder() {
        for (int i = 0; i < 25; i++) {
            store.add(entry("t1", "", String.format("r%02d@example.org", i), Reason.UNSUBSCRIBE));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            SuppressionStore.Page page = store.list("t1", null, null, cursor, 10);
            page.entries().forEach(e -> seen.add(e.address()));
            cursor = page.nextCursor().orElse(null);
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(25, seen.size());
        assertEquals("r00@example.org", seen.get(0));
        assertEquals("r24@example.org", seen.get(24));
        assertThrows(InvalidInputException.class, () -> store.list("t1", null, null, "not-a-cursor!", 10));
    }

    @Test
    void importWithBrokenLinesShouldImportNothingOrOnlyTheGoodLinesAsAsked() {
        String csv = "address,reason\n"
                + "a@example.org,unsubscribe\n"
                + "broken-line\n"
                + "b@example.org,complaint\n"
                + "c@example.org,no-such-reason\n"
                + "\"\"\"quoted,local\"\"@example.org\",manual\n"
                + "a@example.org\n"
                + "d@example.org,trap\n";
        SuppressionImport importer = new SuppressionImport(store, ReasonNames.TENANT);

        SuppressionImport.Result refused = importer.run("t1", "", new StringReader(csv), true, "import");
        assertFalse(refused.applied());
        assertEquals(3, refused.rejectedLines());
        assertEquals(List.of(3L, 5L, 8L), refused.rejected().stream().map(SuppressionImport.Rejected::line).toList());
        assertTrue(refused.rejected().get(2).reason().contains("'trap' is not one of"), refused.rejected().get(2).reason());
        assertEquals(0, store.size(), "all or nothing: nothing");
        assertTrue(store.find("t1", "", "a@example.org").isEmpty());

        SuppressionImport.Result partial = importer.run("t1", "", new StringReader(csv), false, "import");
        assertTrue(partial.applied());
        assertEquals(3, partial.imported());
        assertEquals(1, partial.unchanged(), "a@example.org twice");
        assertEquals(3, partial.rejectedLines());
        assertEquals(Reason.COMPLAINT, store.find("t1", "", "b@example.org").orElseThrow().reason());
        assertTrue(store.find("t1", "", "\"quoted,local\"@example.org").isPresent());

        Optional<Entry> again = store.find("t1", "", "a@example.org");
        assertEquals("import", again.orElseThrow().source());
    }

    @Test
    void exportShouldWriteWhatAnImportReadsBack() throws Exception {
        store.add(entry("t1", "", "\"quoted,local\"@example.org", Reason.UNSUBSCRIBE));
        store.add(entry("t1", "", "plain@example.org", Reason.COMPLAINT));
        java.io.StringWriter out = new java.io.StringWriter();
        SuppressionExport.write(store, "t1", "", out);
        String csv = out.toString();
        assertTrue(csv.startsWith("address,reason,resource,source,time\n"), csv);

        Database other = Database.open(home.resolve("db2"));
        try {
            SuppressionStore copy = new SuppressionStore(other, CLOCK);
            String twoColumns = csv.lines().skip(1).map(line -> {
                List<String> fields = CsvFields.split(line);
                return CsvFields.quote(fields.get(0)) + "," + fields.get(1);
            }).reduce("", (a, b) -> a + b + "\n");
            SuppressionImport.Result result = new SuppressionImport(copy, ReasonNames.TENANT)
                    .run("t1", "", new StringReader(twoColumns), true, "import");
            assertEquals(2, result.imported(), twoColumns);
            assertEquals(Reason.UNSUBSCRIBE, copy.find("t1", "", "\"quoted,local\"@example.org").orElseThrow().reason());
        } finally {
            other.close();
        }
    }

    private static Entry entry(String tenant, String resource, String address, Reason reason) {
        return new Entry(tenant, resource, address, reason, "test", null, "");
    }
}
