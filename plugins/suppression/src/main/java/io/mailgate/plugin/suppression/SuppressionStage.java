package io.mailgate.plugin.suppression;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
import io.mailgate.api.StageVerdicts;
import io.mailgate.api.Suppressions;
import io.mailgate.api.Verdict;

/**
 * The chain stage {@code stage:suppression}: skips each recipient that must not get this message,
 * the others go on, and the gateway journals every skip with its policy id.
 * <ul>
 *   <li>a suppressed address in any scope: gateway-wide, the tenant's, and the resource's named by
 *       the {@code X-Mailgate-Resource} header (SUP-1 … SUP-4; the first two were refused at RCPT
 *       already, unless the entry is newer than the session or the plugin was away);</li>
 *   <li>a role account (SUP-5) in mail to a resource (a list or stream, that is bulk mail), when
 *       {@code role-action} is {@code skip};</li>
 *   <li>the same content to the same recipient within {@code duplicate-window} (SUP-8).</li>
 * </ul>
 * Parameters: {@code role-accounts} (comma-separated local parts; default: the usual ones),
 * {@code role-action} ({@code skip}, the default, or {@code allow}), {@code duplicate-window}
 * (hours or days, e.g. {@code 24h}, {@code 1d}; default 24h), {@code duplicate-capacity} (how many
 * recent sends are remembered; default 200000).
 */
@Component(service = Mailet.class, scope = ServiceScope.PROTOTYPE, property = "mailgate.stage=suppression")
public class SuppressionStage extends GenericMailet {

    static final String RESOURCE_HEADER = "X-Mailgate-Resource";
    static final Set<String> DEFAULT_ROLE_ACCOUNTS = Set.of("abuse", "admin", "administrator", "billing", "contact",
            "help", "hostmaster", "info", "marketing", "noc", "noreply", "no-reply", "office", "postmaster", "sales",
            "security", "support", "webmaster");

    private final Suppressions suppressions;
    private final Clock clock;
    private Set<String> roleAccounts;
    private boolean skipRoleAccounts;
    private RecentSends recent;

    @Activate
    public SuppressionStage(@Reference Suppressions suppressions) {
        this(suppressions, Clock.systemUTC());
    }

    SuppressionStage(Suppressions suppressions, Clock clock) {
        this.suppressions = suppressions;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("role-accounts", "role-action", "duplicate-window", "duplicate-capacity"));
        String roles = getInitParameter("role-accounts");
        roleAccounts = roles == null ? DEFAULT_ROLE_ACCOUNTS : Arrays.stream(roles.split(","))
                .map(role -> role.strip().toLowerCase(Locale.ROOT)).filter(role -> !role.isEmpty()).collect(Collectors.toSet());
        String action = getInitParameter("role-action", "skip");
        if (!action.equals("skip") && !action.equals("allow")) {
            throw new MessagingException("stage:suppression: role-action is skip or allow, not '" + action + "'");
        }
        skipRoleAccounts = action.equals("skip");
        recent = new RecentSends(clock, window(getInitParameter("duplicate-window", "24h")),
                positive("duplicate-capacity", getInitParameter("duplicate-capacity", "200000")));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String tenantId = MailgateAttributes.tenantId(mail).orElse("");
        String resource = Optional.ofNullable(mail.getMessage().getHeader(RESOURCE_HEADER, null)).map(String::strip).orElse("");
        String fingerprint = ContentFingerprint.of(mail.getMessage());
        for (MailAddress recipient : mail.getRecipients()) {
            Verdict verdict = decide(tenantId, resource, fingerprint, recipient);
            if (!verdict.isAccept()) {
                StageVerdicts.decide(mail, recipient, verdict);
            }
        }
    }

    private Verdict decide(String tenantId, String resource, String fingerprint, MailAddress recipient) {
        Optional<Suppressions.Entry> suppressed = suppressions.find(tenantId, resource, recipient.asString());
        if (suppressed.isPresent()) {
            return SuppressionVerdicts.skip(suppressed.get());
        }
        if (skipRoleAccounts && !resource.isEmpty() && roleAccounts.contains(recipient.getLocalPart().toLowerCase(Locale.ROOT))) {
            return Verdict.skipRecipient("SUP-5", "role account " + recipient.getLocalPart() + "@ in mail to the list " + resource);
        }
        if (recent.seenElseRemember(fingerprint, tenantId + ' ' + recipient.asString())) {
            return Verdict.skipRecipient("SUP-8", "the same message went to this recipient within the last "
                    + getInitParameter("duplicate-window", "24h"));
        }
        return Verdict.accept();
    }

    @Override
    public String getMailetInfo() {
        return "Mailgate suppression stage (SUP-1..SUP-5, SUP-8)";
    }

    private static Duration window(String text) throws MessagingException {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.matches("[1-9][0-9]{0,4}[hd]")) {
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return value.endsWith("h") ? Duration.ofHours(amount) : Duration.ofDays(amount);
        }
        throw new MessagingException("stage:suppression: duplicate-window is a number of hours or days such as 24h or 1d, not '"
                + text + "'");
    }

    private static int positive(String name, String text) throws MessagingException {
        try {
            int value = Integer.parseInt(text.strip());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new MessagingException("stage:suppression: " + name + " is a positive whole number, not '" + text + "'");
    }
}
