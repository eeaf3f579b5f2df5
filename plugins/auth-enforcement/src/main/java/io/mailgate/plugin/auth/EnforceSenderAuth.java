package io.mailgate.plugin.auth;

import java.util.Set;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.apache.mailet.base.GenericMailet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import io.mailgate.api.ContentFingerprint;
import io.mailgate.api.MailgateAttributes;
import io.mailgate.api.SendingDomains;
import io.mailgate.api.StageVerdicts;
import io.mailgate.api.Verdict;

/**
 * The chain stage {@code stage:auth-enforcement}: decides again what {@link SenderAuthCheck}
 * decided at SMTP time, since mail accepted while the plugin was away (or before a domain lost
 * its verification) still meets it here.
 *
 * <p>Input: a mail in the chain with its tenant ({@link MailgateAttributes#TENANT_ID}). Output:
 * verdicts, the message is not changed.
 * <ul>
 *   <li>REJECT, AUTH-2: the envelope sender's domain, or the single From address's domain, is not
 *       covered by a verified sending domain of the tenant; no From, several From fields or
 *       addresses.</li>
 *   <li>REJECT, AUTH-5: the From domain would not align with the signing domain under
 *       {@code adkim=s}.</li>
 *   <li>SKIP_RECIPIENT, AUTH-7: this recipient got the same content (see {@link ContentFingerprint#ofBody})
 *       from another From domain of the tenant in the last 24 hours. The other recipients go on,
 *       and for them the send is recorded in the shared {@link RecentSends}.</li>
 * </ul>
 *
 * <p>Place it before any stage that changes the body (footer-unsubscribe): its fingerprint must be
 * the one the SMTP check saw. No parameters; any {@code <init-param>} fails {@code init()}.
 * <pre>{@code
 * <mailet match="All" class="stage:auth-enforcement"/>
 * }</pre>
 *
 * <p>Registered as a prototype-scoped {@link Mailet} service with
 * {@code mailgate.stage=auth-enforcement}, only while {@link SendingDomains} is there (mandatory
 * reference): without it the gateway holds the mail (fail closed).
 */
@Component(service = Mailet.class, scope = ServiceScope.PROTOTYPE, property = "mailgate.stage=auth-enforcement")
public class EnforceSenderAuth extends GenericMailet {

    private final SendingDomainRules rules;
    private final RecentSends recentSends;

    @Activate
    public EnforceSenderAuth(@Reference SendingDomains sendingDomains, @Reference RecentSends recentSends) {
        this.rules = new SendingDomainRules(sendingDomains);
        this.recentSends = recentSends;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String tenantId = MailgateAttributes.tenantId(mail).orElse(null);
        Verdict sender = rules.envelopeSender(tenantId, mail.getMaybeSender().asOptional().orElse(null));
        if (!sender.isAccept()) {
            StageVerdicts.decide(mail, sender);
            return;
        }
        SendingDomainRules.FromVerdict from = rules.from(tenantId, mail.getMessage());
        if (!from.verdict().isAccept()) {
            StageVerdicts.decide(mail, from.verdict());
            return;
        }
        byte[] fingerprint;
        try {
            fingerprint = ContentFingerprint.ofBody(mail.getMessage());
        } catch (MessagingException e) {
            StageVerdicts.decide(mail, Verdict.defer(SameContent.POLICY, "cannot read the message: " + e.getMessage()));
            return;
        }
        for (MailAddress recipient : mail.getRecipients()) {
            recentSends.recordUnlessOther(tenantId, fingerprint, recipient.asString(), from.fromDomain())
                    .ifPresent(other -> StageVerdicts.decide(mail, recipient,
                            Verdict.skipRecipient(SameContent.POLICY, SameContent.reason(recipient, other))));
        }
    }

    @Override
    public String getMailetInfo() {
        return "Mailgate auth-enforcement stage: verified sending domains, DMARC alignment, one domain per message";
    }
}
