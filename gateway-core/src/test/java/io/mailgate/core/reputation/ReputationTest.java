package io.mailgate.core.reputation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mailgate.api.TenantDirectory.Status;
import io.mailgate.core.delivery.DeliveryListener.Delivery;
import io.mailgate.core.domains.DomainSettings;
import io.mailgate.core.domains.KeyVault;
import io.mailgate.core.domains.SendingDomainService;
import io.mailgate.core.store.ConflictException;
import io.mailgate.core.store.Database;
import io.mailgate.core.store.JournalStore;
import io.mailgate.core.store.TenantStore;
import io.mailgate.feedback.FeedbackResult;
import io.mailgate.mailauth.spf.SpfDns;
import io.mailgate.testkit.MovableClock;

/** REP-2 thresholds over the rolling window and the REP-4 escalation, with a clock the test moves; real Derby. */
class ReputationTest {

    @TempDir
    Path home;
    Database database;
    TenantStore tenants;
    JournalStore journal;
    MovableClock clock = new MovableClock(Instant.parse("2026-11-25T12:00:00Z"));
    List<String> notices = new CopyOnWriteArrayList<>();
    ReputationCases cases;
    ReputationService reputation;
    String tenant;

    @BeforeEach
    void open() {
        database = Database.open(home.resolve("db"));
        tenants = new TenantStore(database);
        journal = new JournalStore(database);
        cases = new ReputationCases(database, tenants, journal, (id, subject, text) -> notices.add(id + ": " + subject),
                ReputationCases.Deadlines.POLICY, clock);
        ProviderGroups groups = ProviderGroups.standard();
        reputation = new ReputationService(new RollingCounters(Duration.ofHours(24), Duration.ofMinutes(10), groups.size()),
                groups, Thresholds.POLICY, tenants, cases, clock);
        tenant = tenants.createTenant("shop").id();
    }

    @AfterEach
    void close() {
        journal.close();
        database.close();
    }

    private void deliver(int count) throws Exception {
        MailAddress recipient = new MailAddress("someone@example.net");
        for (int i = 0; i < count; i++) {
            reputation.delivered(tenant, recipient, new Delivery("mx.example.net", true, false, false));
        }
    }

    private void feedback(int count, String reason, boolean hard) {
        for (int i = 0; i < count; i++) {
            reputation.feedback(tenant, new FeedbackResult("arf", "r" + i + "@example.net", hard ? "5.1.1" : "", "", reason,
                    hard, hard, reason.equals("feedback") ? "abuse" : "", ""));
        }
    }

    private Status status() {
        return tenants.tenant(tenant).orElseThrow().status();
    }

    private List<String> journalReasons() throws InterruptedException {
        journal.flush();
        List<String> newestFirst = journal.query(new JournalStore.Filter(tenant, "", ""), "", 100).entries().stream()
                .map(e -> e.entry().policyId() + " " + e.entry().reason()).toList();
        List<String> oldestFirst = new java.util.ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    @Test
    void twentyFiveComplaintsInTenThousandSuspendWithTheFiguresInTheReason() throws Exception {
        deliver(10_000);
        feedback(25, "feedback", false);
        assertEquals(Status.SUSPENDED, status());
        String reason = tenants.tenant(tenant).orElseThrow().statusReason();
        assertTrue(reason.startsWith("complaints 21 of 10000 delivered in the last day (0.21 %), over 0.2 % (REP-2)"), reason);
        assertEquals(List.of(tenant + ": Sending suspended: " + reason.substring(0, reason.indexOf(" (case"))), notices);
    }

    @Test
    void fifteenComplaintsInTenThousandDoNot() throws Exception {
        deliver(10_000);
        feedback(15, "feedback", false);
        assertEquals(Status.ACTIVE, status());
        assertEquals(15, reputation.figures(tenant).total(ReputationEvent.COMPLAINT));
    }

    @Test
    void hardBouncesOverFivePercentSuspendAndAtFivePercentDoNot() throws Exception {
        deliver(10_000);
        feedback(500, "hasmoved", true);
        assertEquals(Status.ACTIVE, status());
        feedback(1, "hasmoved", true);
        assertEquals(Status.SUSPENDED, status());
        assertTrue(tenants.tenant(tenant).orElseThrow().statusReason().startsWith("hard bounces 501 of 10000"));
    }

    @Test
    void invalidAddressesOverThreePercentSuspend() throws Exception {
        deliver(10_000);
        feedback(301, "userunknown", true);
        assertEquals(Status.SUSPENDED, status());
        assertTrue(tenants.tenant(tenant).orElseThrow().statusReason().startsWith("invalid addresses 301 of 10000"));
    }

    @Test
    void unsubscribesOverOnePercentSuspend() throws Exception {
        deliver(1_000);
        for (int i = 0; i < 11; i++) {
            reputation.unsubscribed(tenant, "u" + i + "@example.net");
        }
        assertEquals(Status.SUSPENDED, status());
    }

    @Test
    void theWindowShouldSurviveARestartThroughDerby() {
        ProviderGroups groups = ProviderGroups.standard();
        RollingCounters before = new RollingCounters(Duration.ofHours(24), Duration.ofMinutes(10), groups.size());
        int gmail = groups.ofRecipient("gmail.com");
        Instant start = clock.instant();
        before.add(tenant, gmail, ReputationEvent.DELIVERED, start.minus(Duration.ofHours(25))); // falls out of the window
        for (int i = 0; i < 5; i++) {
            before.add(tenant, gmail, ReputationEvent.DELIVERED, start.minus(Duration.ofHours(i)));
        }
        before.add(tenant, 0, ReputationEvent.COMPLAINT, start);
        new ReputationCountsStore(database, groups).save(before.cells(start));

        // Another process, an hour later: the counts older than a day by then are gone.
        Instant later = start.plus(Duration.ofHours(1));
        RollingCounters after = new RollingCounters(Duration.ofHours(24), Duration.ofMinutes(10), groups.size());
        new ReputationCountsStore(database, groups).load().forEach(cell -> after.restore(cell, later));

        Figures figures = after.figures(tenant, later);
        assertEquals(5, figures.of(gmail, ReputationEvent.DELIVERED));
        assertEquals(1, figures.of(0, ReputationEvent.COMPLAINT));
        assertEquals(before.figures(tenant, later).total(ReputationEvent.DELIVERED), figures.total(ReputationEvent.DELIVERED));
    }

    @Test
    void readinessShouldJudgeTlsAndOneClickFromWhatDeliverySaw() throws Exception {
        BulkSenderReadiness readiness = new BulkSenderReadiness(new SendingDomainService(database, tenants, journal,
                KeyVault.loadOrCreate(home.resolve("master.key")), new DomainSettings(List.of(), List.of(), Duration.ofSeconds(1),
                Duration.ofHours(1))), reputation, List.of(), (name, type) -> List.of());
        assertEquals("unknown", check(readiness, "tls").result());
        assertEquals("unknown", check(readiness, "one-click-unsubscribe").result());

        MailAddress gmail = new MailAddress("someone@gmail.com");
        MailAddress other = new MailAddress("someone@example.net");
        reputation.delivered(tenant, gmail, new Delivery("gmail-smtp-in.l.google.com", true, true, true));
        reputation.delivered(tenant, other, new Delivery("mx.example.net", false, false, false)); // not a large provider
        assertEquals("pass", check(readiness, "tls").result(), check(readiness, "tls").detail());
        assertEquals("pass", check(readiness, "one-click-unsubscribe").result());

        reputation.delivered(tenant, gmail, new Delivery("gmail-smtp-in.l.google.com", false, true, false));
        assertEquals(new BulkSenderReadiness.Check("tls", "fail",
                "1 of 2 messages to the large mailbox providers went without TLS (gmail)"), check(readiness, "tls"));
        assertEquals(new BulkSenderReadiness.Check("one-click-unsubscribe", "fail", "1 of 2 list messages delivered in the"
                + " window lacked List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058)"), check(readiness, "one-click-unsubscribe"));
    }

    @Test
    void readinessShouldWantEachSendingAddressForwardConfirmed() throws Exception {
        SendingDomainService domains = new SendingDomainService(database, tenants, journal,
                KeyVault.loadOrCreate(home.resolve("master.key")), new DomainSettings(List.of(), List.of(), Duration.ofSeconds(1),
                Duration.ofHours(1)));
        Map<String, List<String>> zone = Map.of("10.2.0.192.in-addr.arpa/PTR", List.of("mail.shop.test"),
                "mail.shop.test/A", List.of("192.0.2.10"), "11.2.0.192.in-addr.arpa/PTR", List.of("mail.shop.test"));
        SpfDns dns = (name, type) -> zone.getOrDefault(name + "/" + type, List.of());

        assertEquals(new BulkSenderReadiness.Check("ptr", "pass", "192.0.2.10 is mail.shop.test (forward-confirmed)"),
                check(new BulkSenderReadiness(domains, reputation, List.of("192.0.2.10"), dns), "ptr"));
        assertEquals(new BulkSenderReadiness.Check("ptr", "fail", "192.0.2.11 has the PTR mail.shop.test, whose addresses"
                + " do not include it; 192.0.2.12 has no PTR record"),
                check(new BulkSenderReadiness(domains, reputation, List.of("192.0.2.10", "192.0.2.11", "192.0.2.12"), dns), "ptr"));
        SpfDns silent = (name, type) -> {
            throw new SpfDns.DnsFailure("timed out");
        };
        assertEquals("unknown", check(new BulkSenderReadiness(domains, reputation, List.of("192.0.2.10"), silent), "ptr").result());
    }

    private BulkSenderReadiness.Check check(BulkSenderReadiness readiness, String requirement) {
        return readiness.of(tenant).checks().stream().filter(c -> c.requirement().equals(requirement)).findFirst().orElseThrow();
    }

    @Test
    void moreThanHalfBlockedByOneProviderSuspends() throws Exception {
        deliver(1_000);
        MailAddress gmail = new MailAddress("someone@gmail.com");
        for (int i = 0; i < 40; i++) {
            reputation.delivered(tenant, gmail, new Delivery("gmail-smtp-in.l.google.com", true, false, false));
        }
        for (int i = 0; i < 60; i++) {
            reputation.refused(tenant, gmail, "gmail-smtp-in.l.google.com", true,
                    "550 5.7.1 Our system has detected that this message is likely unsolicited mail; blocked");
        }
        assertEquals(Status.SUSPENDED, status());
        assertTrue(tenants.tenant(tenant).orElseThrow().statusReason().startsWith("gmail blocked 60 of 100 messages"),
                tenants.tenant(tenant).orElseThrow().statusReason());
    }

    @Test
    void belowTheMinimumVolumeNothingHappens() throws Exception {
        deliver(999);
        feedback(100, "feedback", false);
        assertEquals(Status.ACTIVE, status());
        deliver(1); // the thousandth: now the rate counts
        assertEquals(Status.SUSPENDED, status());
    }

    @Test
    void theWindowRollsOldMailOut() throws Exception {
        deliver(10_000);
        clock.advance(Duration.ofHours(23));
        feedback(15, "feedback", false);
        assertEquals(10_000, reputation.figures(tenant).total(ReputationEvent.DELIVERED));
        clock.advance(Duration.ofHours(2));
        assertEquals(0, reputation.figures(tenant).total(ReputationEvent.DELIVERED), "a day later the deliveries are gone");
        assertEquals(15, reputation.figures(tenant).total(ReputationEvent.COMPLAINT));
        deliver(1_000);
        assertEquals(Status.SUSPENDED, status(), "15 complaints of 1000: 1.5 %");
    }

    @Test
    void escalationWithoutAnExplanationDisablesAfterThreeDays() throws Exception {
        cases.violation(tenant, "REP-1", "sending domain shop.example is listed on dbl.test (127.0.1.2)");
        assertEquals(Status.SUSPENDED, status());
        clock.advance(Duration.ofDays(3).minusMinutes(1));
        cases.tick();
        assertEquals(Status.SUSPENDED, status());
        clock.advance(Duration.ofMinutes(1));
        cases.tick();
        assertEquals(Status.DISABLED, status());
        List<String> steps = journalReasons();
        assertEquals(3, steps.size(), steps.toString());
        assertTrue(steps.get(0).startsWith("REP-4 case 1 warning: sending domain shop.example is listed on dbl.test (127.0.1.2); "
                + "explain by 2026-11-28T12:00:00Z, fix by 2026-12-09T12:00:00Z"), steps.get(0));
        assertTrue(steps.get(1).startsWith("REP-1 case 1 suspension: "), steps.get(1));
        assertTrue(steps.get(2).startsWith("REP-4 case 1 disable: no explanation within 3 days"), steps.get(2));
    }

    @Test
    void escalationExplainedButNotFixedDisablesAfterFourteenDays() throws Exception {
        cases.violation(tenant, "REP-2", "complaints 30 of 10000");
        clock.advance(Duration.ofDays(1));
        cases.explain(tenant, "a purchased list slipped in; removed");
        clock.advance(Duration.ofDays(12));
        cases.tick();
        assertEquals(Status.SUSPENDED, status());
        clock.advance(Duration.ofDays(1));
        cases.tick();
        assertEquals(Status.DISABLED, status());
        List<String> steps = journalReasons();
        assertTrue(steps.get(2).startsWith("REP-4 case 1 explanation: a purchased list"), steps.toString());
        assertTrue(steps.get(3).startsWith("REP-4 case 1 disable: not fixed within 14 days"), steps.toString());
    }

    @Test
    void anAdminLiftEndsTheCaseAndARepeatWithinThePeriodDisables() throws Exception {
        deliver(10_000);
        feedback(25, "feedback", false);
        assertEquals(Status.SUSPENDED, status());
        assertThrows(io.mailgate.core.store.InvalidInputException.class, () -> reputation.lift(tenant, " "));
        reputation.lift(tenant, "list cleaned, double opt-in from now on");
        assertEquals(Status.ACTIVE, status());
        assertEquals(0, reputation.figures(tenant).total(ReputationEvent.DELIVERED), "the figures start again");
        assertThrows(ConflictException.class, () -> reputation.lift(tenant, "again"));
        clock.advance(Duration.ofDays(30));
        cases.violation(tenant, "REP-1", "sending domain shop.example is listed on dbl.test");
        assertEquals(Status.DISABLED, status());
        List<String> steps = journalReasons();
        assertTrue(steps.get(2).startsWith("REP-3 case 1 suspension lifted by an admin: list cleaned"), steps.toString());
        assertTrue(steps.get(3).startsWith("REP-4 case 2 disable: repeat violation within 90 days of case 1"), steps.toString());
    }
}
