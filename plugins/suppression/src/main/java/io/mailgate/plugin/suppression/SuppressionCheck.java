package io.mailgate.plugin.suppression;

import org.apache.james.core.MailAddress;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.mailgate.api.SmtpCheck;
import io.mailgate.api.Suppressions;
import io.mailgate.api.Verdict;

/**
 * Refuses a suppressed recipient at RCPT, where its scope is already known: the gateway-wide lists
 * and the tenant's own (a resource list is known only after DATA, from the message's header, so
 * {@link SuppressionStage} skips those). The reply reads
 * {@code 550 5.7.1 <addr>: Recipient address rejected: unsubscribed (SUP-1)}.
 */
@Component(service = SmtpCheck.class, property = "mailgate.stage=suppression")
public class SuppressionCheck implements SmtpCheck {

    private final Suppressions suppressions;

    @org.osgi.service.component.annotations.Activate
    public SuppressionCheck(@Reference Suppressions suppressions) {
        this.suppressions = suppressions;
    }

    @Override
    public Verdict onRecipient(Session session, MailAddress sender, MailAddress recipient) {
        return suppressions.find(session.tenantId(), "", recipient.asString())
                .map(SuppressionVerdicts::refusal)
                .orElse(Verdict.accept());
    }
}
