package io.mailgate.core.chain;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;

import io.mailgate.api.DecisionJournal;
import io.mailgate.api.MailgateAttributes;
import io.mailgate.api.StageVerdicts;
import io.mailgate.api.Verdict;
import io.mailgate.core.metrics.GatewayMetrics;
import io.mailgate.core.queue.MailCopy;

/**
 * Turns the verdicts a stage left on a mail into what happens to it, the same way for every stage:
 * each verdict is journaled and counted ({@link GatewayMetrics#verdict}); a stage that decided
 * nothing only joins the mail's {@link PassedStages}, journaled together. Skipped recipients are
 * dropped; rejected ones get a bounce (a DSN, made by the {@code bounces} processor) to the
 * envelope sender; deferred ones go back to the queue with a delay; quarantined ones go to the
 * quarantine processor. A verdict without a recipient applies to every recipient left.
 */
final class VerdictApplier {

    static final String QUARANTINE_PROCESSOR = "quarantine";
    static final String BOUNCE_PROCESSOR = "bounces";
    /** The journal's stage name for the entry of the stages a mail passed. */
    static final String PASSED_STAGE = "stages";

    private final MailetContext context;
    private final DecisionJournal journal;
    private final GatewayMetrics metrics;
    private final Duration deferDelay;
    private final Clock clock;

    VerdictApplier(MailetContext context, DecisionJournal journal, GatewayMetrics metrics, Duration deferDelay,
            Clock clock) {
        this.context = context;
        this.journal = journal;
        this.metrics = metrics;
        this.deferDelay = deferDelay;
        this.clock = clock;
    }

    void apply(String stage, Mail mail) throws MessagingException {
        List<StageVerdicts.Decision> decisions = StageVerdicts.take(mail);
        if (decisions.isEmpty()) {
            if (Mail.GHOST.equals(mail.getState())) {
                journalPassed(mail); // the stage ended the mail's way without a verdict
            }
            return;
        }
        PassedStages.forget(mail, stage);
        journalPassed(mail);
        List<MailAddress> rejected = new ArrayList<>();
        List<MailAddress> deferred = new ArrayList<>();
        List<MailAddress> quarantined = new ArrayList<>();
        String rejectReason = "";
        String quarantineReason = "";
        for (StageVerdicts.Decision decision : decisions) {
            Verdict verdict = decision.verdict();
            Collection<MailAddress> targets = decision.recipient().map(List::of)
                    .orElseGet(() -> List.copyOf(mail.getRecipients()));
            for (MailAddress recipient : targets) {
                if (!mail.getRecipients().contains(recipient)) {
                    continue;
                }
                record(stage, mail, recipient.asString(), verdict);
                metrics.verdict(stage, verdict.kind(), verdict.policyId());
                switch (verdict.kind()) {
                    case ACCEPT -> {
                        continue;
                    }
                    case REJECT -> {
                        rejected.add(recipient);
                        rejectReason = verdict.describe();
                    }
                    case DEFER -> deferred.add(recipient);
                    case QUARANTINE -> {
                        quarantined.add(recipient);
                        quarantineReason = verdict.describe();
                    }
                    case SKIP_RECIPIENT -> {
                    }
                }
                List<MailAddress> left = new ArrayList<>(mail.getRecipients());
                left.remove(recipient);
                mail.setRecipients(left);
            }
        }
        if (!rejected.isEmpty()) {
            // The same DSN as for a delivery that failed for good, made by the bounces processor.
            Mail bounce = MailCopy.of(mail, rejected);
            bounce.setErrorMessage("5.7.1 " + rejectReason);
            context.sendMail(bounce, BOUNCE_PROCESSOR);
        }
        if (!deferred.isEmpty()) {
            context.sendMail(MailCopy.of(mail, deferred), Mail.DEFAULT, deferDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (!quarantined.isEmpty()) {
            // The reason and the stage go with it: an admin reads them, and a release continues after this stage.
            Mail held = MailCopy.of(mail, quarantined);
            held.setErrorMessage(quarantineReason);
            held.setAttribute(new Attribute(Release.QUARANTINED_BY, AttributeValue.of(stage)));
            context.sendMail(held, QUARANTINE_PROCESSOR);
        }
        if (mail.getRecipients().isEmpty()) {
            mail.setState(Mail.GHOST);
        }
    }

    /**
     * One accept entry (stage {@value #PASSED_STAGE}) naming the stages the mail passed without a
     * decision since the last entry, if any.
     */
    void journalPassed(Mail mail) {
        List<String> passed = PassedStages.take(mail);
        if (!passed.isEmpty()) {
            record(PASSED_STAGE, mail, "", new Verdict(Verdict.Kind.ACCEPT, "", "passed " + String.join(", ", passed)));
        }
    }

    private void record(String stage, Mail mail, String recipient, Verdict verdict) {
        journal.record(new DecisionJournal.Entry(clock.instant(), MailgateAttributes.queueId(mail), MailgateAttributes.tenantId(mail).orElse(""), recipient, stage,
                verdict.kind(), verdict.policyId(), verdict.reason()));
    }

}
