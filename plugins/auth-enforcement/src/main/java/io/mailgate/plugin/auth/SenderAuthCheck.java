package io.mailgate.plugin.auth;

import java.util.List;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.mailgate.api.ContentFingerprint;
import io.mailgate.api.SendingDomains;
import io.mailgate.api.SmtpCheck;
import io.mailgate.api.Verdict;

/**
 * The SMTP-time answer of {@code auth-enforcement}: refuses at MAIL FROM an envelope sender outside
 * the tenant's verified sending domains (AUTH-2), and at the end of DATA a message whose From is
 * not exactly one address in a verified sending domain (AUTH-2), does not align with the domain
 * that will sign it under {@code adkim=s} (AUTH-5), or went to its recipients from another From
 * domain of the tenant in the last 24 hours (AUTH-7).
 *
 * <p>AUTH-7 at DATA refuses the message only when every recipient got it from another domain;
 * when some did, the message is accepted and the chain stage drops just those recipients. The
 * check only looks at the history: {@link EnforceSenderAuth} records what it passes.
 *
 * <p>Registered even while {@link SendingDomains} is missing (optional, dynamic reference), and
 * then answers DEFER: a check that is not there would let mail through at SMTP time.
 */
@Component(service = SmtpCheck.class, property = "mailgate.stage=auth-enforcement")
public class SenderAuthCheck implements SmtpCheck {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SendingDomains sendingDomains;

    @Reference
    private RecentSends recentSends;

    public SenderAuthCheck() {
    }

    /** For tests and benchmarks; {@code sendingDomains} may be null (the service is away). */
    public SenderAuthCheck(SendingDomains sendingDomains, RecentSends recentSends) {
        this.sendingDomains = sendingDomains;
        this.recentSends = recentSends;
    }

    @Override
    public Verdict onMailFrom(Session session, MailAddress sender) {
        SendingDomains domains = sendingDomains;
        if (domains == null) {
            return unavailable();
        }
        return new SendingDomainRules(domains).envelopeSender(session.tenantId(), sender);
    }

    @Override
    public Verdict onMessage(Session session, MailAddress sender, List<MailAddress> recipients, MimeMessage message) {
        SendingDomains domains = sendingDomains;
        if (domains == null) {
            return unavailable();
        }
        try {
            SendingDomainRules.FromVerdict from = new SendingDomainRules(domains).from(session.tenantId(), message);
            if (!from.verdict().isAccept() || recipients.isEmpty()) {
                return from.verdict();
            }
            byte[] fingerprint = ContentFingerprint.ofBody(message);
            String refusal = null;
            for (MailAddress recipient : recipients) {
                String other = recentSends.otherDomain(session.tenantId(), fingerprint, recipient.asString(),
                        from.fromDomain()).orElse(null);
                if (other == null) {
                    return Verdict.accept(); // someone may get it: the stage drops the others
                }
                if (refusal == null) {
                    refusal = SameContent.reason(recipient, other);
                }
            }
            return Verdict.reject(SameContent.POLICY, refusal);
        } catch (MessagingException e) {
            return Verdict.defer(SendingDomainRules.SENDING_DOMAIN, "cannot read the message: " + e.getMessage());
        }
    }

    private static Verdict unavailable() {
        return Verdict.defer(SendingDomainRules.SENDING_DOMAIN,
                "the sending domains are not available right now; try again later");
    }
}
