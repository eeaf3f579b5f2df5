package io.mailgate.plugin.auth;

import static io.mailgate.plugin.auth.SenderAuthCheckTest.assertRefused;
import static io.mailgate.plugin.auth.TestMails.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

import io.mailgate.api.StageVerdicts;
import io.mailgate.api.Verdict;
import io.mailgate.testkit.MovableClock;

/** The chain stage on its own: James's fake mail and config, an in-memory SendingDomains, a clock moved by hand. */
class EnforceSenderAuthTest {

    private final FakeSendingDomains domains = new FakeSendingDomains()
            .verified(TENANT, "acme.example")
            .verified(TENANT, "acme-deals.example")
            .strict(TENANT, "strict.example")
            .unverified(TENANT, "pending.example", "no SPF record authorizes the gateway");
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final RecentSends recentSends = new RecentSends(clock, 1000);

    @Test
    void serviceShouldDecideNothingWhenSenderAndFromAreVerified() throws Exception {
        Mail mail = mail("bounce@acme.example", "news@acme.example", "alice@example.org");

        stage().service(mail);

        assertEquals(List.of(), StageVerdicts.take(mail));
    }

    @Test
    void serviceShouldRejectWhenEnvelopeSenderIsNotTenantsSendingDomain() throws Exception {
        Mail mail = mail("bounce@example.org", "news@acme.example", "alice@example.org");

        stage().service(mail);

        assertMessageRefused(mail, "AUTH-2", "the envelope sender domain example.org is not a sending domain of this tenant");
    }

    @Test
    void serviceShouldRejectWhenEnvelopeSenderIsNotVerified() throws Exception {
        Mail mail = mail("bounce@pending.example", "news@acme.example", "alice@example.org");

        stage().service(mail);

        assertMessageRefused(mail, "AUTH-2", "pending.example is not verified: no SPF record authorizes the gateway");
    }

    @Test
    void serviceShouldCheckFromWhenEnvelopeSenderIsNull() throws Exception {
        Mail mail = mail(null, "news@example.org", "alice@example.org");

        stage().service(mail);

        assertMessageRefused(mail, "AUTH-2", "the From domain example.org is not a sending domain of this tenant");
    }

    @Test
    void serviceShouldRejectWhenFromIsNotVerified() throws Exception {
        Mail mail = mail("bounce@acme.example", "news@pending.example", "alice@example.org");

        stage().service(mail);

        assertMessageRefused(mail, "AUTH-2", "the From domain pending.example is not verified");
    }

    @Test
    void serviceShouldRejectWhenFromHasTwoAddresses() throws Exception {
        Mail mail = mail("bounce@acme.example", "news@acme.example, sales@acme.example", "alice@example.org");

        stage().service(mail);

        assertMessageRefused(mail, "AUTH-2", "2 addresses");
    }

    @Test
    void serviceShouldRejectWhenStrictAlignmentAndFromIsSubdomain() throws Exception {
        Mail mail = mail("bounce@strict.example", "news@news.strict.example", "alice@example.org");

        stage().service(mail);

        assertMessageRefused(mail, "AUTH-5", "news.strict.example does not align with strict.example");
    }

    @Test
    void serviceShouldRejectWhenMailHasNoTenant() throws Exception {
        Mail mail = FakeMail.builder().name("mail-1").sender("bounce@acme.example").recipient("alice@example.org")
                .mimeMessage(TestMails.parse(TestMails.message("news@acme.example"))).build();

        stage().service(mail);

        assertMessageRefused(mail, "AUTH-1", "no authenticated tenant");
    }

    @Test
    void serviceShouldSkipOnlyRecipientsThatGotSameContentFromOtherDomain() throws Exception {
        EnforceSenderAuth stage = stage();
        stage.service(mail("bounce@acme-deals.example", "deals@acme-deals.example", "alice@example.org"));
        Mail second = mail("bounce@acme.example", "news@acme.example", "alice@example.org", "bob@example.org");

        stage.service(second);

        List<StageVerdicts.Decision> decisions = StageVerdicts.take(second);
        assertEquals(1, decisions.size(), decisions.toString());
        assertEquals(Optional.of(new MailAddress("alice@example.org")), decisions.get(0).recipient());
        assertRefused(decisions.get(0).verdict(), Verdict.Kind.SKIP_RECIPIENT, "AUTH-7",
                "alice@example.org got the same message from acme-deals.example");
    }

    @Test
    void serviceShouldRecordWhatPassesForTheSmtpCheck() throws Exception {
        stage().service(mail("bounce@acme.example", "news@acme.example", "alice@example.org"));

        Verdict atData = new SenderAuthCheck(domains, recentSends).onMessage(
                new io.mailgate.api.SmtpCheck.Session(TENANT, "192.0.2.10", "app1"), new MailAddress("b@acme-deals.example"),
                List.of(new MailAddress("alice@example.org")), TestMails.parse(TestMails.message("deals@acme-deals.example")));

        assertRefused(atData, Verdict.Kind.REJECT, "AUTH-7", "alice@example.org got the same message from acme.example");
    }

    @Test
    void serviceShouldPassSecondDomainOnceWindowHasPassed() throws Exception {
        EnforceSenderAuth stage = stage();
        stage.service(mail("bounce@acme-deals.example", "deals@acme-deals.example", "alice@example.org"));
        clock.advance(Duration.ofHours(24));
        Mail second = mail("bounce@acme.example", "news@acme.example", "alice@example.org");

        stage.service(second);

        assertEquals(List.of(), StageVerdicts.take(second));
    }

    @Test
    void stagesShouldShareTheHistoryAcrossPlacesInTheChain() throws Exception {
        stage().service(mail("bounce@acme-deals.example", "deals@acme-deals.example", "alice@example.org"));
        Mail second = mail("bounce@acme.example", "news@acme.example", "alice@example.org");

        stage().service(second);

        assertEquals(Verdict.Kind.SKIP_RECIPIENT, StageVerdicts.take(second).get(0).verdict().kind());
    }

    @Test
    void initShouldFailNamingParameterWhenAnyParameterIsGiven() {
        EnforceSenderAuth stage = new EnforceSenderAuth(domains, recentSends);

        MessagingException e = assertThrows(MessagingException.class, () -> stage.init(FakeMailetConfig.builder()
                .mailetName("stage:auth-enforcement").setProperty("domain", "acme.example").build()));

        assertTrue(e.getMessage().contains("domain"), e.getMessage());
    }

    private EnforceSenderAuth stage() throws MessagingException {
        EnforceSenderAuth stage = new EnforceSenderAuth(domains, recentSends);
        stage.init(FakeMailetConfig.builder().mailetName("stage:auth-enforcement").build());
        return stage;
    }

    private static Mail mail(String sender, String from, String... recipients) throws MessagingException {
        return TestMails.mail(sender, TestMails.message(from), recipients);
    }

    private static void assertMessageRefused(Mail mail, String policyId, String reasonPart) {
        List<StageVerdicts.Decision> decisions = StageVerdicts.take(mail);
        assertEquals(1, decisions.size(), decisions.toString());
        assertEquals(Optional.empty(), decisions.get(0).recipient());
        assertRefused(decisions.get(0).verdict(), Verdict.Kind.REJECT, policyId, reasonPart);
    }
}
