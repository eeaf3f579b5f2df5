package io.mailgate.mailauth.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the suite in the corpus, and the stub DNS reading zonedata as the suite's driver does. */
class Rfc7208SuiteTest {

    private String corpus;

    @BeforeEach
    void rememberCorpus() {
        corpus = System.getProperty("mailgate.corpus");
    }

    @AfterEach
    void restoreCorpus() {
        if (corpus == null) {
            System.clearProperty("mailgate.corpus");
        } else {
            System.setProperty("mailgate.corpus", corpus);
        }
    }

    @Test
    void locateShouldFailNamingThePathWhenSuiteMissing(@TempDir Path emptyCorpus) {
        System.setProperty("mailgate.corpus", emptyCorpus.toString());

        IllegalStateException e = assertThrows(IllegalStateException.class, Rfc7208Suite::locate);

        assertTrue(e.getMessage().contains(emptyCorpus.resolve("spf").resolve("rfc7208-tests.yml").toString()),
                e.getMessage());
    }

    @Test
    void locateShouldFailNamingThePropertyWhenNotSet() {
        System.clearProperty("mailgate.corpus");

        IllegalStateException e = assertThrows(IllegalStateException.class, Rfc7208Suite::locate);

        assertTrue(e.getMessage().contains("mailgate.corpus"), e.getMessage());
    }

    @Test
    void lookupShouldServeSpfAsTxtWhenNameHasNoTxtEntry() throws Exception {
        SuiteZone zone = SuiteZone.of(Map.of("example.com", List.of(Map.of("SPF", "v=spf1 -all"))));

        assertEquals(List.of("v=spf1 -all"), zone.lookup("Example.COM.", "TXT"));
    }

    @Test
    void lookupShouldServeNoTxtWhenTxtNone() throws Exception {
        SuiteZone zone = SuiteZone.of(Map.of("example.com",
                List.of(Map.of("SPF", "v=spf1 -all"), Map.of("TXT", "NONE"))));

        assertEquals(List.of(), zone.lookup("example.com", "TXT"));
    }

    @Test
    void lookupShouldAnswerRecordsBeforeTimeoutWhenTypeSeenFirst() throws Exception {
        SuiteZone zone = SuiteZone.of(Map.of("example.com", List.of(Map.of("TXT", "v=spf1 -all"), "TIMEOUT")));

        assertEquals(List.of("v=spf1 -all"), zone.lookup("example.com", "TXT"));
        assertThrows(SuiteZone.Timeout.class, () -> zone.lookup("example.com", "A"));
    }

    @Test
    void lookupShouldTimeOutWhenTxtNoneThenTimeout() {
        SuiteZone zone = SuiteZone.of(Map.of("example.com",
                List.of(Map.of("SPF", "v=spf1 -all"), Map.of("TXT", "NONE"), "TIMEOUT")));

        assertThrows(SuiteZone.Timeout.class, () -> zone.lookup("example.com", "TXT"));
    }

    @Test
    void lookupShouldJoinStringsAndFollowCnameWhenAliased() throws Exception {
        SuiteZone zone = SuiteZone.of(Map.of(
                "alias.example.com", List.of(Map.of("CNAME", "target.example.com.")),
                "target.example.com", List.of(Map.of("TXT", List.of("v=spf1 ", "-all")))));

        assertEquals(List.of("v=spf1 -all"), zone.lookup("alias.example.com", "TXT"));
    }

    @Test
    void lookupShouldFailWhenCnameLoops() {
        SuiteZone zone = SuiteZone.of(Map.of("loop.example.com", List.of(Map.of("CNAME", "LOOP.example.com."))));

        assertThrows(SuiteZone.ServerFailure.class, () -> zone.lookup("loop.example.com", "A"));
    }
}
