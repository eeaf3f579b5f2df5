package io.mailgate.plugin.rbl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Check rounds against a real rbldnsd on 127.0.0.59 (REP-1; bad answers, timeouts, IPv6). */
class CheckRoundTest {

    static final String IP_ZONE = """
            :127.0.0.2:Listed, see https://ip.test/$
            127.0.0.2
            192.0.2.99
            """;
    static final String IP6_ZONE = """
            :127.0.0.2:IPv6 listed
            2001:db8::99
            """;
    static final String DOMAIN_ZONE = """
            :127.0.1.2:Domain listed
            test
            listed.example
            refused.example :127.255.255.254:Query refused
            malformed.example :10.0.0.1:bad
            """;

    @TempDir
    Path dir;
    Rbldnsd server;
    RecordingBlocklists reports = new RecordingBlocklists();

    @BeforeEach
    void start() throws Exception {
        server = Rbldnsd.start(dir, "127.0.0.59", List.of("ip.test:ip4set:ip.zone", "ip.test:ip6trie:ip6.zone",
                        "dbl.test:dnset:dom.zone", "broken.test:dnset:broken.zone"),
                "ip.zone", IP_ZONE, "ip6.zone", IP6_ZONE, "dom.zone", DOMAIN_ZONE, "broken.zone", "test\ninvalid\nclean.example\n");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private CheckRound round(InetSocketAddress resolver, Duration timeout) {
        return new CheckRound(reports, new DnsblClient(List.of(resolver), timeout, 20), AnswerMeanings.parse(""), new HashSet<>());
    }

    @Test
    void aListedDomainIsReportedWithItsCodeAndTextAndTheOthersAreClean() throws Exception {
        CheckRound.Summary summary = round(server.address(), Duration.ofSeconds(2))
                .run(List.of(), List.of("dbl.test"), List.of(), Set.of("listed.example", "clean.example"));
        assertEquals(List.of("dbl.test listed.example 127.0.1.2 Domain listed"), reports.listed);
        assertEquals(List.of("dbl.test clean.example"), reports.clean);
        assertEquals(1, summary.listed());
        assertEquals(1, summary.clean());
    }

    @Test
    void sendingIpsAreAskedByReversedOctetsAndIpv6Nibbles() throws Exception {
        round(server.address(), Duration.ofSeconds(2)).run(List.of("ip.test"), List.of(),
                List.of(InetAddress.getByName("192.0.2.99"), InetAddress.getByName("192.0.2.1"),
                        InetAddress.getByName("2001:db8::99"), InetAddress.getByName("2001:db8::1")), Set.of());
        assertEquals(List.of("ip.test 192.0.2.99 127.0.0.2 Listed, see https://ip.test/192.0.2.99",
                "ip.test 2001:db8:0:0:0:0:0:99 127.0.0.2 IPv6 listed"), reports.listed);
        assertEquals(List.of("ip.test 192.0.2.1", "ip.test 2001:db8:0:0:0:0:0:1"), reports.clean);
        assertEquals("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip.test.",
                QueryNames.ip(InetAddress.getByName("2001:db8::1"), "ip.test"));
    }

    @Test
    void aQueryRefusedAnswerIsAnAlertAndNeverAListing() throws Exception {
        CheckRound.Summary summary = round(server.address(), Duration.ofSeconds(2))
                .run(List.of(), List.of("dbl.test"), List.of(), Set.of("refused.example"));
        assertEquals(List.of(), reports.listed);
        assertEquals(List.of(), reports.clean);
        assertEquals(1, summary.alerts());
        assertTrue(reports.alerts.get(0).contains("refused the query (127.255.255.254)"), reports.alerts.toString());
    }

    @Test
    void anAnswerOutside127IsMalformedAnAlertNotAListing() throws Exception {
        round(server.address(), Duration.ofSeconds(2)).run(List.of(), List.of("dbl.test"), List.of(), Set.of("malformed.example"));
        assertEquals(List.of(), reports.listed);
        assertEquals(List.of(), reports.clean);
        assertTrue(reports.alerts.get(0).contains("malformed answer (10.0.0.1)"), reports.alerts.toString());
    }

    @Test
    void aListThatListsItsNegativeTestEntryIsDisabledWithAnAlert() throws Exception {
        CheckRound.Summary summary = round(server.address(), Duration.ofSeconds(2))
                .run(List.of(), List.of("broken.test", "dbl.test"), List.of(), Set.of("clean.example"));
        assertEquals(1, summary.skippedLists());
        assertEquals(List.of("dbl.test clean.example"), reports.clean, "only the working list is asked");
        assertTrue(reports.alerts.stream().anyMatch(a -> a.startsWith("broken.test INVALID: the list lists its RFC 5782 negative test entry")),
                reports.alerts.toString());
    }

    @Test
    void aListThatDoesNotAnswerGivesUnknownNeverListedNeverClean() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.59", 0))) {
            InetSocketAddress blackHole = new InetSocketAddress(InetAddress.getByName("127.0.0.59"), silent.getLocalPort());
            long start = System.nanoTime();
            CheckRound.Summary summary = round(blackHole, Duration.ofMillis(300))
                    .run(List.of("ip.test"), List.of("dbl.test"), List.of(InetAddress.getByName("192.0.2.99")), Set.of("listed.example"));
            assertTrue(System.nanoTime() - start < 20_000_000_000L, "bounded by the timeouts");
            assertEquals(List.of(), reports.listed);
            assertEquals(List.of(), reports.clean);
            assertEquals(2, summary.skippedLists());
            assertTrue(reports.alerts.get(0).contains("did not answer its test queries"), reports.alerts.toString());
        }
    }

    @Test
    void timeoutsOfSingleQueriesAreUnknown() throws Exception {
        // rbldnsd answers the test entries, then stops: the subjects' queries time out
        DnsblClient client = new DnsblClient(List.of(server.address()), Duration.ofMillis(300), 20);
        CheckRound round = new CheckRound(reports, client, AnswerMeanings.parse(""), new HashSet<>());
        client.lookup(QueryNames.domain("test", "dbl.test")).join();
        client.lookup(QueryNames.domain("invalid", "dbl.test")).join();
        server.close();
        CheckRound.Summary summary = round.run(List.of(), List.of("dbl.test"), List.of(), Set.of("listed.example", "clean.example"));
        assertEquals(List.of(), reports.listed);
        assertEquals(List.of(), reports.clean);
        assertEquals(2, summary.unknown());
    }

    @Test
    void perListAnswerMeaningsOverrideTheDefaults() throws Exception {
        CheckRound round = new CheckRound(reports, new DnsblClient(List.of(server.address()), Duration.ofSeconds(2), 20),
                AnswerMeanings.parse("dbl.test: 127.0.1.2=ignore"), new HashSet<>());
        round.run(List.of(), List.of("dbl.test"), List.of(), Set.of("listed.example"));
        assertEquals(List.of(), reports.listed);
        assertEquals(List.of("dbl.test listed.example"), reports.clean);
    }

    /** The figure: one round over 10,000 domains and 5 lists against the loopback server, under 60 s. */
    @Test
    void oneRoundOverTenThousandDomainsAndFiveListsTakesUnderAMinute() throws Exception {
        Set<String> domains = new LinkedHashSet<>();
        for (int i = 0; i < 10_000; i++) {
            domains.add("tenant" + i + ".example");
        }
        domains.add("listed.example");
        server.close();
        server = Rbldnsd.start(dir, "127.0.0.59", List.of("d1.test:dnset:dom.zone", "d2.test:dnset:dom.zone",
                "d3.test:dnset:dom.zone", "d4.test:dnset:dom.zone", "d5.test:dnset:dom.zone"), "dom.zone", DOMAIN_ZONE);
        CheckRound.Summary summary = new CheckRound(reports, new DnsblClient(List.of(server.address()), Duration.ofSeconds(2), 50),
                AnswerMeanings.parse(""), new HashSet<>())
                .run(List.of(), List.of("d1.test", "d2.test", "d3.test", "d4.test", "d5.test"), List.of(), domains);
        System.out.println("rbl round: 5 lists x " + domains.size() + " domains in " + summary.millis() + " ms, concurrency 50");
        assertEquals(5, summary.listed());
        assertEquals(5 * 10_000, summary.clean());
        assertEquals(0, summary.unknown());
        assertTrue(summary.millis() < 60_000, summary.millis() + " ms");
    }
}
