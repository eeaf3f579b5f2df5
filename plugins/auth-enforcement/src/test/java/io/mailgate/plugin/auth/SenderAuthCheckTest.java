package io.mailgate.plugin.auth;

import static io.mailgate.plugin.auth.TestMails.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

import io.mailgate.api.ContentFingerprint;
import io.mailgate.api.SmtpCheck;
import io.mailgate.api.Verdict;
import io.mailgate.testkit.MovableClock;

/** The SMTP-time check on its own, over an in-memory SendingDomains. */
class SenderAuthCheckTest {

    private static final SmtpCheck.Session SESSION = new SmtpCheck.Session(TENANT, "192.0.2.10", "app1.acme.example");

    private final FakeSendingDomains domains = new FakeSendingDomains()
            .verified(TENANT, "acme.example")
            .strict(TENANT, "strict.example")
            .unverified(TENANT, "pending.example", "the DKIM record mg1._domainkey.pending.example is missing")
            .verified("other-tenant", "example.org");
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final RecentSends recentSends = new RecentSends(clock, 1000);
    private final SenderAuthCheck check = new SenderAuthCheck(domains, recentSends);

    @Test
    void onMailFromShouldAcceptWhenSenderDomainIsVerified() throws Exception {
        assertEquals(Verdict.accept(), check.onMailFrom(SESSION, new MailAddress("news@acme.example")));
    }

    @Test
    void onMailFromShouldAcceptWhenSenderDomainIsSubdomainOfVerifiedDomain() throws Exception {
        assertEquals(Verdict.accept(), check.onMailFrom(SESSION, new MailAddress("bounce@news.acme.example")));
    }

    @Test
    void onMailFromShouldAcceptWhenSenderDomainDiffersInCase() throws Exception {
        assertEquals(Verdict.accept(), check.onMailFrom(SESSION, new MailAddress("news@ACME.Example")));
    }

    @Test
    void onMailFromShouldAcceptNullSender() {
        assertEquals(Verdict.accept(), check.onMailFrom(SESSION, null));
    }

    @Test
    void onMailFromShouldRejectWhenSenderDomainIsNotTenantsSendingDomain() throws Exception {
        Verdict verdict = check.onMailFrom(SESSION, new MailAddress("news@example.org"));

        assertRefused(verdict, Verdict.Kind.REJECT, "AUTH-2", "example.org is not a sending domain of this tenant");
    }

    @Test
    void onMailFromShouldRejectWithReasonWhenSenderDomainIsNotVerified() throws Exception {
        Verdict verdict = check.onMailFrom(SESSION, new MailAddress("news@pending.example"));

        assertRefused(verdict, Verdict.Kind.REJECT, "AUTH-2",
                "pending.example is not verified: the DKIM record mg1._domainkey.pending.example is missing");
    }

    @Test
    void onMailFromShouldNameCoveringDomainWhenSubdomainOfUnverifiedDomain() throws Exception {
        Verdict verdict = check.onMailFrom(SESSION, new MailAddress("news@mail.pending.example"));

        assertRefused(verdict, Verdict.Kind.REJECT, "AUTH-2", "mail.pending.example belongs to pending.example");
        assertTrue(verdict.reason().contains("pending.example is not verified: the DKIM record"), verdict.reason());
    }

    @Test
    void onMailFromShouldRejectWhenSessionHasNoTenant() throws Exception {
        Verdict verdict = check.onMailFrom(new SmtpCheck.Session(null, "192.0.2.10", "x"), new MailAddress("news@acme.example"));

        assertRefused(verdict, Verdict.Kind.REJECT, "AUTH-1", "no authenticated tenant");
    }

    @Test
    void onMailFromShouldDeferWhenSendingDomainsAreAway() throws Exception {
        Verdict verdict = new SenderAuthCheck(null, recentSends).onMailFrom(SESSION, new MailAddress("news@acme.example"));

        assertRefused(verdict, Verdict.Kind.DEFER, "AUTH-2", "not available");
    }

    @Test
    void onMessageShouldAcceptWhenFromIsInVerifiedDomain() throws Exception {
        assertEquals(Verdict.accept(), onMessage("Acme News <news@acme.example>"));
    }

    @Test
    void onMessageShouldAcceptSubdomainFromWhenAlignmentIsRelaxed() throws Exception {
        assertEquals(Verdict.accept(), onMessage("news@news.acme.example"));
    }

    @Test
    void onMessageShouldAcceptFromOfStrictDomainItself() throws Exception {
        assertEquals(Verdict.accept(), onMessage("news@strict.example"));
    }

    @Test
    void onMessageShouldAcceptInternationalizedFromWhenItsPunycodeFormIsVerified() throws Exception {
        domains.verified(TENANT, "xn--bcher-kva.example");

        assertEquals(Verdict.accept(), onMessage("=?UTF-8?Q?B=C3=BCcher?= <info@bücher.example>"));
    }

    @Test
    void onMessageShouldRejectNamingBothDomainsWhenStrictAlignmentAndFromIsSubdomain() throws Exception {
        Verdict verdict = onMessage("news@news.strict.example");

        assertRefused(verdict, Verdict.Kind.REJECT, "AUTH-5", "news.strict.example does not align with strict.example");
        assertTrue(verdict.reason().contains("adkim=s"), verdict.reason());
    }

    @Test
    void onMessageShouldRejectWhenFromIsNotTenantsSendingDomain() throws Exception {
        assertRefused(onMessage("news@example.org"), Verdict.Kind.REJECT, "AUTH-2",
                "the From domain example.org is not a sending domain of this tenant");
    }

    @Test
    void onMessageShouldRejectWhenFromDomainIsNotVerified() throws Exception {
        assertRefused(onMessage("news@pending.example"), Verdict.Kind.REJECT, "AUTH-2",
                "the From domain pending.example is not verified: the DKIM record");
    }

    @Test
    void onMessageShouldRejectWhenMessageHasNoFrom() throws Exception {
        MimeMessage message = TestMails.parse(TestMails.message("x@acme.example").replace("From: x@acme.example\r\n", ""));

        assertRefused(onMessage(message), Verdict.Kind.REJECT, "AUTH-2", "no From field");
    }

    @Test
    void onMessageShouldRejectWhenMessageHasTwoFromFields() throws Exception {
        MimeMessage message = TestMails.parse("From: other@example.org\r\n" + TestMails.message("news@acme.example"));

        assertRefused(onMessage(message), Verdict.Kind.REJECT, "AUTH-2", "2 From fields; exactly one is allowed");
    }

    @Test
    void onMessageShouldRejectWhenFromHasTwoAddresses() throws Exception {
        assertRefused(onMessage("news@acme.example, sales@acme.example"), Verdict.Kind.REJECT, "AUTH-2",
                "2 addresses; exactly one is allowed");
    }

    @Test
    void onMessageShouldRejectWhenFromIsAGroup() throws Exception {
        assertRefused(onMessage("Team: news@acme.example;"), Verdict.Kind.REJECT, "AUTH-2", "a group");
    }

    @Test
    void onMessageShouldRejectWhenFromAddressHasNoDomain() throws Exception {
        assertRefused(onMessage("acme.example"), Verdict.Kind.REJECT, "AUTH-2", "has no domain");
    }

    @Test
    void onMessageShouldDeferWhenSendingDomainsAreAway() throws Exception {
        Verdict verdict = new SenderAuthCheck(null, recentSends).onMessage(SESSION, new MailAddress("news@acme.example"),
                List.of(new MailAddress("alice@example.org")), TestMails.parse(TestMails.message("news@acme.example")));

        assertRefused(verdict, Verdict.Kind.DEFER, "AUTH-2", "not available");
    }

    @Test
    void onMessageShouldRejectNamingRecipientAndFirstDomainWhenSameContentCameFromOtherDomain() throws Exception {
        domains.verified(TENANT, "acme-deals.example");
        sent("acme-deals.example", "alice@example.org");

        Verdict verdict = onMessage("news@acme.example");

        assertRefused(verdict, Verdict.Kind.REJECT, "AUTH-7", "alice@example.org got the same message from acme-deals.example");
    }

    @Test
    void onMessageShouldAcceptWhenSameContentCameFromSameDomain() throws Exception {
        sent("acme.example", "alice@example.org");

        assertEquals(Verdict.accept(), onMessage("news@acme.example"));
    }

    @Test
    void onMessageShouldAcceptWhenOnlySomeRecipientsGotContentFromOtherDomain() throws Exception {
        sent("acme-deals.example", "alice@example.org");

        Verdict verdict = check.onMessage(SESSION, new MailAddress("news@acme.example"),
                List.of(new MailAddress("alice@example.org"), new MailAddress("bob@example.org")),
                TestMails.parse(TestMails.message("news@acme.example")));

        assertEquals(Verdict.accept(), verdict);
    }

    @Test
    void onMessageShouldAcceptWhenOtherDomainsSendIs24HoursOld() throws Exception {
        sent("acme-deals.example", "alice@example.org");
        clock.advance(Duration.ofHours(24));

        assertEquals(Verdict.accept(), onMessage("news@acme.example"));
    }

    @Test
    void onMessageShouldNotRecordTheSend() throws Exception {
        onMessage("news@acme.example");

        assertEquals(0, recentSends.size());
    }

    private void sent(String fromDomain, String recipient) throws Exception {
        byte[] fingerprint = ContentFingerprint.ofBody(TestMails.parse(TestMails.message("news@" + fromDomain)));
        recentSends.recordUnlessOther(TENANT, fingerprint, recipient, fromDomain);
    }

    private Verdict onMessage(String from) throws Exception {
        return onMessage(TestMails.parse(TestMails.message(from)));
    }

    private Verdict onMessage(MimeMessage message) throws Exception {
        return check.onMessage(SESSION, new MailAddress("bounce@acme.example"), List.of(new MailAddress("alice@example.org")),
                message);
    }

    static void assertRefused(Verdict verdict, Verdict.Kind kind, String policyId, String reasonPart) {
        assertEquals(kind, verdict.kind(), verdict.toString());
        assertEquals(policyId, verdict.policyId(), verdict.toString());
        assertTrue(verdict.reason().contains(reasonPart), verdict.reason());
    }
}
