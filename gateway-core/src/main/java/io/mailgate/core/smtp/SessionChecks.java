package io.mailgate.core.smtp;

import java.time.Instant;
import java.util.function.BiFunction;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.api.DecisionJournal;
import io.mailgate.api.SmtpCheck;
import io.mailgate.api.Verdict;
import io.mailgate.core.metrics.GatewayMetrics;

/**
 * Runs the plugins' {@link SmtpCheck}s for one step of a session. The first verdict that is not an
 * accept becomes the reply and a journal entry with its policy id; a check that throws defers the
 * client (fail closed), it never lets the mail through.
 */
public final class SessionChecks {

    /** A step of the session, with the code a refusal gets there (RFC 5321: 553 for a sender). */
    public enum Step {
        MAIL_FROM("553", "mail"), RCPT_TO("550", "rcpt"), DATA("550", "data");

        private final String rejectCode;
        /** The step's name in the metrics. */
        private final String label;

        Step(String rejectCode, String label) {
            this.rejectCode = rejectCode;
            this.label = label;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(SessionChecks.class);

    private final PluginSmtpChecks checks;
    private final DecisionJournal journal;
    private final GatewayMetrics metrics;

    public SessionChecks(PluginSmtpChecks checks, DecisionJournal journal, GatewayMetrics metrics) {
        this.checks = checks;
        this.journal = journal;
        this.metrics = metrics;
    }

    /**
     * Asks every check; {@code subject} starts the reply text ("&lt;a@b&gt;: Sender address
     * rejected: "), {@code messageId} and {@code recipient} go into the journal ("" when unknown).
     */
    HookResult run(Step step, SMTPSession session, String tenantId, String messageId, String recipient,
                   String subject, BiFunction<SmtpCheck, SmtpCheck.Session, Verdict> ask) {
        SmtpCheck.Session checkSession = checkSession(session, tenantId);
        for (PluginSmtpChecks.NamedCheck named : checks.current()) {
            Verdict verdict;
            long start = System.nanoTime();
            try {
                verdict = ask.apply(named.check(), checkSession);
            } catch (RuntimeException e) {
                LOG.error("SMTP check of stage {} failed at {}; the client is told to retry", named.stage(), step, e);
                verdict = Verdict.defer("", "temporary failure of the " + named.stage() + " check");
            } finally {
                metrics.stageTime(named.stage(), step.label, System.nanoTime() - start);
            }
            if (!verdict.isAccept()) {
                metrics.rejected("policy");
                metrics.verdict(named.stage(), verdict.kind(), verdict.policyId());
                journal.record(new DecisionJournal.Entry(Instant.now(), messageId.isEmpty() ? session.getSessionID() : messageId,
                        tenantId, recipient, named.stage(), verdict.kind(), verdict.policyId(), verdict.reason()));
                return Replies.fromVerdict(verdict, step.rejectCode, subject);
            }
        }
        return HookResult.DECLINED;
    }

    private static SmtpCheck.Session checkSession(SMTPSession session, String tenantId) {
        String helo = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, ProtocolSession.State.Connection).orElse("");
        return new SmtpCheck.Session(tenantId, session.getRemoteAddress().getAddress().getHostAddress(), helo);
    }
}
