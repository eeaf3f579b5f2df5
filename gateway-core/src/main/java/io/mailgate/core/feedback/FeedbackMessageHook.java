package io.mailgate.core.feedback;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.core.smtp.Replies;
import io.mailgate.core.unsubscribe.UnsubscribeLinkService;
import io.mailgate.core.unsubscribe.Unsubscribes;
import io.mailgate.feedback.Feedback;
import io.mailgate.feedback.FeedbackResult;
import io.mailgate.feedback.InvalidVerpTokenException;
import io.mailgate.feedback.UnsubscribeToken;
import io.mailgate.feedback.VerpToken;

/**
 * Reads each bounce, DSN, complaint or auto-reply when it arrives and applies it before the 250
 * (the suppression is committed by then, so an acknowledged report is never lost). The tenant comes
 * from the VERP address it was sent to, else from a return path quoted in the report; the message
 * from the quoted {@code Feedback-ID}. A report the gateway cannot read is refused with 550 5.6.0
 * and the reason, so that its sender knows.
 */
public final class FeedbackMessageHook implements JamesMessageHook {

    private static final Logger MAILLOG = LoggerFactory.getLogger("mailgate.maillog");

    private final ReturnPaths returnPaths;
    private final FeedbackApplier applier;
    private final UnsubscribeLinkService unsubscribeLinks;
    private final Unsubscribes unsubscribes;

    @Inject
    public FeedbackMessageHook(ReturnPaths returnPaths, FeedbackApplier applier, UnsubscribeLinkService unsubscribeLinks,
                               Unsubscribes unsubscribes) {
        this.returnPaths = returnPaths;
        this.applier = applier;
        this.unsubscribeLinks = unsubscribeLinks;
        this.unsubscribes = unsubscribes;
    }

    /**
     * Mail to the mailto link of List-Unsubscribe unsubscribes the token's recipient from its list at
     * once, whatever the message says: {@code unsubscribe@<bounce domain>} with the token in the
     * subject, or the first form {@code unsubscribe+<token>@<bounce domain>} (checked at RCPT). Any other
     * mail is a report.
     */
    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        List<UnsubscribeToken> tokens = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            try {
                if (UnsubscribeLinkService.isUnsubscribeMailbox(recipient.getLocalPart())) {
                    tokens.add(unsubscribeLinks.readSubject(subject(mail)));
                } else if (UnsubscribeLinkService.isUnsubscribeAddress(recipient.getLocalPart())) {
                    tokens.add(unsubscribeLinks.readAddress(recipient.asString()));
                }
            } catch (InvalidVerpTokenException e) {
                MAILLOG.info("{}: unsubscribe by mail refused: {}", mail.getName(), e.getMessage());
                return Replies.reject("550", "5.7.1", "Unsubscribe request refused: the subject of the mailto link,"
                        + " with its token unchanged, is needed");
            }
        }
        if (tokens.isEmpty()) {
            return onReport(mail);
        }
        for (UnsubscribeToken token : tokens) {
            unsubscribes.unsubscribe(new Unsubscribes.Request(token, false, Unsubscribes.Method.MAILTO,
                    session.getRemoteAddress().getAddress().getHostAddress(), "mail from <" + mail.getMaybeSender().asString() + ">"));
        }
        MAILLOG.info("{}: unsubscribe by mail from=<{}> count={}", mail.getName(), mail.getMaybeSender().asString(), tokens.size());
        return HookResult.builder()
                .hookReturnCode(HookReturnCode.ok())
                .smtpDescription("2.0.0 Ok: unsubscribed (" + tokens.size() + ")")
                .build();
    }

    /** The decoded subject, empty when there is none or it cannot be read. */
    private static String subject(Mail mail) {
        try {
            String subject = mail.getMessage().getSubject();
            return subject == null ? "" : subject;
        } catch (MessagingException e) {
            return "";
        }
    }

    private HookResult onReport(Mail mail) {
        byte[] raw;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            mail.getMessage().writeTo(out);
            raw = out.toByteArray();
        } catch (Exception e) {
            return Replies.defer("451", "4.3.0", "Error: cannot read the message");
        }
        List<FeedbackResult> results = Feedback.classify(raw);
        if (results.stream().allMatch(FeedbackResult::isUnparseable)) {
            MAILLOG.info("{}: feedback refused: {}", mail.getName(), results.get(0).diagnostic());
            return Replies.reject("550", "5.6.0", "Cannot read the report: " + results.get(0).diagnostic()
                    .replace('\r', ' ').replace('\n', ' '));
        }
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        Optional<VerpToken> token = tokenOf(mail.getRecipients()).or(() -> returnPaths.findToken(text));
        String tenantId = token.map(VerpToken::tenantId).orElse("");
        String messageId = tenantId.isEmpty() ? "" : ReturnPaths.messageId(text, tenantId);
        FeedbackApplier.Outcome outcome = applier.apply(tenantId, messageId, results, results.get(0).kind());
        MAILLOG.info("{}: feedback from=<{}> tenant={} message={} reports={} suppressed={}", mail.getName(),
                mail.getMaybeSender().asString(), tenantId.isEmpty() ? "?" : tenantId, messageId.isEmpty() ? "?" : messageId,
                results.size(), outcome.suppressed());
        return HookResult.builder()
                .hookReturnCode(HookReturnCode.ok())
                .smtpDescription("2.0.0 Ok: " + results.size() + " report(s) read, " + outcome.suppressed() + " address(es) suppressed")
                .build();
    }

    private Optional<VerpToken> tokenOf(java.util.Collection<MailAddress> recipients) {
        for (MailAddress recipient : recipients) {
            try {
                return Optional.of(returnPaths.decode(recipient.asString()));
            } catch (InvalidVerpTokenException notVerp) {
                // abuse@, fbl@ …: the token may be in the report itself
            }
        }
        return Optional.empty();
    }
}
