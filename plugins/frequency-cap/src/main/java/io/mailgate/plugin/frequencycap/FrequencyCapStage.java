package io.mailgate.plugin.frequencycap;

import java.util.Optional;
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

import io.mailgate.api.MailgateAttributes;
import io.mailgate.api.SendingPolicies;
import io.mailgate.api.SendingPolicies.CountKey;
import io.mailgate.api.SendingPolicies.Kind;
import io.mailgate.api.SendingPolicies.Policy;
import io.mailgate.api.SendingPolicies.Scope;
import io.mailgate.api.StageVerdicts;
import io.mailgate.api.Verdict;

/**
 * The chain stage {@code stage:frequency-cap} (POLICY.md CAP-1 … CAP-4). For each message, the
 * narrowest of the tenant's sending policies applies: the one for the mailing named by
 * {@code X-Mailgate-Mailing}, else the one for the resource named by {@code X-Mailgate-Resource},
 * else the account's (CAP-2). A recipient who already got the policy's {@code maxMessages} within
 * its period under any of its kinds is skipped for this message, the others go on (CAP-4); a
 * recipient who goes on is counted under every kind the tenant's policies use, so that each policy
 * sees the messages sent under the others. A tenant without policies costs one map lookup.
 *
 * <p>The check and the count of one recipient run under a lock of its stripe, so that two spooler
 * threads cannot both let through the message that reaches the limit. A message is counted when it
 * passes this stage: a later stage that drops it does not give the count back. No parameters.
 */
@Component(service = Mailet.class, scope = ServiceScope.PROTOTYPE, property = "mailgate.stage=frequency-cap")
public class FrequencyCapStage extends GenericMailet {

    static final String RESOURCE_HEADER = "X-Mailgate-Resource";
    static final String MAILING_HEADER = "X-Mailgate-Mailing";
    static final String CHANNEL = "email";
    static final Verdict CAPPED = Verdict.skipRecipient("CAP-4", "Sending is restricted by the policy applied");

    private final SendingPolicies policies;
    private final Object[] stripes = new Object[64];

    @Activate
    public FrequencyCapStage(@Reference SendingPolicies policies) {
        this.policies = policies;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String tenantId = MailgateAttributes.tenantId(mail).orElse("");
        Set<Kind> counted = policies.countedKinds(tenantId);
        if (counted.isEmpty()) {
            return;
        }
        String resource = header(mail, RESOURCE_HEADER);
        Optional<Policy> applied = applicable(tenantId, resource, header(mail, MAILING_HEADER))
                .filter(Policy::limited);
        for (MailAddress recipient : mail.getRecipients()) {
            String address = recipient.asString();
            synchronized (stripes[(tenantId + address).toLowerCase(java.util.Locale.ROOT).hashCode() & (stripes.length - 1)]) {
                if (applied.isPresent() && capped(applied.get(), tenantId, resource, address)) {
                    StageVerdicts.decide(mail, recipient, CAPPED);
                } else {
                    for (Kind kind : counted) {
                        policies.count(CountKey.of(tenantId, kind, resource, CHANNEL, address));
                    }
                }
            }
        }
    }

    /** CAP-2: the mailing's policy, else the resource's, else the account's. */
    private Optional<Policy> applicable(String tenantId, String resource, String mailing) {
        Optional<Policy> policy = mailing.isEmpty() ? Optional.empty() : policies.find(tenantId, Scope.MAILING, mailing);
        if (policy.isEmpty() && !resource.isEmpty()) {
            policy = policies.find(tenantId, Scope.RESOURCE, resource);
        }
        return policy.isPresent() ? policy : policies.find(tenantId, Scope.ACCOUNT, "");
    }

    private boolean capped(Policy policy, String tenantId, String resource, String address) {
        for (Kind kind : policy.kinds()) {
            if (policies.sent(CountKey.of(tenantId, kind, resource, CHANNEL, address), policy.periodDays()) >= policy.maxMessages()) {
                return true;
            }
        }
        return false;
    }

    private static String header(Mail mail, String name) throws MessagingException {
        String value = mail.getMessage().getHeader(name, null);
        return value == null ? "" : value.strip();
    }

    @Override
    public String getMailetInfo() {
        return "Mailgate frequency cap stage (CAP-1..CAP-4)";
    }
}
