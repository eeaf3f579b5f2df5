package io.mailgate.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.Test;

import io.mailgate.api.DecisionJournal;
import io.mailgate.api.StageVerdicts;
import io.mailgate.api.Verdict;
import io.mailgate.core.metrics.GatewayMetrics;

/** The stages that let a mail through without a decision are journaled as one entry, at the right moment. */
class PassedStagesTest {

    private final List<DecisionJournal.Entry> journaled = new ArrayList<>();
    // No verdict here sends mail, so the applier needs no mailet context.
    private final VerdictApplier verdicts = new VerdictApplier(null, journaled::add, new GatewayMetrics(),
            Duration.ofSeconds(1), Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void stagesWithoutADecisionShouldBeOneEntryWhenTheMailIsHandedToDelivery() throws Exception {
        Mail mail = mail("a@example.org");
        pass(mail, "auth-enforcement");
        pass(mail, "suppression");
        assertTrue(journaled.isEmpty(), "nothing is written per stage: " + journaled);

        new JournalPassedStages(verdicts).service(mail);
        new JournalPassedStages(verdicts).service(mail); // a retry of delivery writes nothing again

        assertEquals(List.of("stages ACCEPT passed auth-enforcement, suppression"), described());
    }

    @Test
    void aDecisionShouldFirstWriteTheStagesBeforeItAndThenItsOwnEntries() throws Exception {
        Mail mail = mail("a@example.org", "b@example.org");
        pass(mail, "auth-enforcement");
        PassedStages.enter(mail, "suppression");
        StageVerdicts.decide(mail, new MailAddress("b@example.org"), Verdict.skipRecipient("SUP-1", "unsubscribed"));
        verdicts.apply("suppression", mail);
        pass(mail, "dkim-sign");
        new JournalPassedStages(verdicts).service(mail);

        assertEquals(List.of("stages ACCEPT passed auth-enforcement", "suppression SKIP_RECIPIENT unsubscribed",
                "stages ACCEPT passed dkim-sign"), described());
    }

    @Test
    void aStageThatEndsTheMailsWayShouldWriteTheStagesAtOnce() throws Exception {
        Mail mail = mail("a@example.org");
        PassedStages.enter(mail, "splitter");
        mail.setState(Mail.GHOST);
        verdicts.apply("splitter", mail);

        assertEquals(List.of("stages ACCEPT passed splitter"), described());
    }

    private void pass(Mail mail, String stage) throws Exception {
        PassedStages.enter(mail, stage);
        verdicts.apply(stage, mail);
    }

    private List<String> described() {
        return journaled.stream().map(e -> e.stage() + " " + e.verdict() + " " + e.reason()).toList();
    }

    private static Mail mail(String... recipients) throws Exception {
        List<MailAddress> addresses = new ArrayList<>();
        for (String recipient : recipients) {
            addresses.add(new MailAddress(recipient));
        }
        return MailImpl.builder().name("Mail1").sender("news@acme.test").addRecipients(addresses).build();
    }
}
