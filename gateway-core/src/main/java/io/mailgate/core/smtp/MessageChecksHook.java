package io.mailgate.core.smtp;

import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;

/**
 * The end-of-DATA answer of the plugins' SMTP checks (a From that is not the tenant's, content
 * refused outright): it runs before {@link EnqueueMessageHook}, so a refused message is never
 * queued and the client gets 550 5.7.1 instead of a 250 and a bounce.
 */
public final class MessageChecksHook implements JamesMessageHook {

    private final SessionChecks checks;

    @Inject
    public MessageChecksHook(SessionChecks checks) {
        this.checks = checks;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        String tenantId = SessionTenant.get(session).orElse("");
        if (tenantId.isEmpty()) {
            return HookResult.DECLINED;
        }
        MailAddress sender = mail.getMaybeSender().asOptional().orElse(null);
        List<MailAddress> recipients = List.copyOf(mail.getRecipients());
        try {
            var message = mail.getMessage();
            return checks.run(SessionChecks.Step.DATA, session, tenantId, mail.getName(), "",
                    "Message rejected: ", (check, checkSession) -> check.onMessage(checkSession, sender, recipients, message));
        } catch (MessagingException e) {
            return Replies.defer("451", "4.3.0", "Error: cannot read the message");
        }
    }
}
