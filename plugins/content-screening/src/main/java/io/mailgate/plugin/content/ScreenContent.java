package io.mailgate.plugin.content;

import io.mailgate.api.ContentRules.Screening;
import io.mailgate.api.ContentRules.Finding;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.apache.mailet.base.GenericMailet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.api.ContentRuleStore;
import io.mailgate.api.MailgateAttributes;
import io.mailgate.api.StageVerdicts;
import io.mailgate.api.Verdict;

/**
 * The chain stage {@code stage:content-screening} (POLICY.md CON-1 … CON-6): screens each message
 * with the rules (or takes the end-of-DATA check's screening of the very same message: see
 * {@link ContentScreening#screenInChain}) and decides refuse (CON-1, CON-3, CON-5), defer (a URI blocklist did not answer)
 * or quarantine (CON-2 unless the tenant is approved for the topic, CON-4). Rules in {@code tag}
 * action add {@code X-Mailgate-Content-Tags}; rules in observe mode are only logged.
 *
 * <p>Parameters (any other fails {@code init()}):
 * <ul>
 * <li>{@code rules}: the JSON file of the rule set (required), e.g. conf/content-rules.json: the seed of
 * the rules stored in the gateway's database on the first start; from then on the stored rules apply,
 * changed over REST ({@code /api/v1/content-rules});</li>
 * <li>{@code headers}: headers screened as the {@code headers} field (default From, Reply-To, Organization);</li>
 * <li>{@code shorteners}: link shortener domains, comma-separated (default: the usual ones, bit.ly, t.co …);</li>
 * <li>{@code uriBlocklists}: URI blocklist zones, comma-separated (default none);</li>
 * <li>{@code dnsResolvers}: host:port of the DNS servers for the blocklists (required with blocklists);</li>
 * <li>{@code dnsTimeout}: milliseconds before a blocklist that does not answer defers the message (default 2000);</li>
 * <li>{@code operatorContacts}: the operator's own addresses and phone numbers, comma-separated (CON-5).</li>
 * </ul>
 * <pre>{@code
 * <mailet match="All" class="stage:content-screening">
 *   <rules>/etc/mailgate/content-rules.json</rules>
 *   <uriBlocklists>multi.surbl.org</uriBlocklists>
 *   <dnsResolvers>127.0.0.1:53</dnsResolvers>
 * </mailet>
 * }</pre>
 */
@Component(service = Mailet.class, scope = ServiceScope.PROTOTYPE, property = "mailgate.stage=content-screening")
public class ScreenContent extends GenericMailet {

    static final String TAGS_HEADER = "X-Mailgate-Content-Tags";
    private static final Logger LOG = LoggerFactory.getLogger(ScreenContent.class);
    private static final Set<String> PARAMETERS = Set.of("rules", "headers", "shorteners", "uriBlocklists",
            "dnsResolvers", "dnsTimeout", "operatorContacts");

    private final ContentScreening screening;
    private final ContentRuleStore store;

    @Activate
    public ScreenContent(@Reference ContentScreening screening, @Reference ContentRuleStore store) {
        this.screening = screening;
        this.store = store;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(PARAMETERS);
        String rulesFile = getInitParameter("rules", "").strip();
        if (rulesFile.isEmpty()) {
            throw new MessagingException("stage:content-screening: the init-param 'rules' (the rule file) is required");
        }
        ScreeningSettings defaults = ScreeningSettings.defaults();
        List<String> blocklists = list("uriBlocklists", List.of());
        ScreeningSettings settings = new ScreeningSettings(
                list("headers", defaults.headers()),
                list("shorteners", defaults.shorteners()).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList(),
                blocklists,
                list("dnsResolvers", List.of()).stream().map(ScreenContent::hostPort).toList(),
                Duration.ofMillis(Long.parseLong(getInitParameter("dnsTimeout", "2000").strip())),
                defaults.cacheTtl(),
                list("operatorContacts", List.of()));
        try {
            screening.configure(settings, rules(Path.of(rulesFile)), store::approved);
        } catch (IOException | IllegalArgumentException e) {
            throw new MessagingException("stage:content-screening: " + e.getMessage(), e);
        }
    }

    /**
     * The stored rules; on the first start (no rule stored or ever changed) the rule file, stored as
     * the seed. Rules an admin removed stay removed: the audit remembers that rules were there.
     */
    private List<ContentRule> rules(Path file) throws IOException {
        List<io.mailgate.api.ContentRules.Rule> stored = store.rules();
        if (!stored.isEmpty() || !store.changes("rule ", 1).isEmpty()) {
            return stored.stream().map(ContentRule::of).toList();
        }
        List<ContentRule> seed = RuleFile.read(file);
        store.save(seed.stream().map(ContentRule::toApi).toList(), List.of(), "seed " + file.getFileName());
        return seed;
    }

    private List<String> list(String name, List<String> fallback) {
        String value = getInitParameter(name, "").strip();
        if (value.isEmpty()) {
            return fallback;
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    private static InetSocketAddress hostPort(String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            return new InetSocketAddress(value, 53);
        }
        return new InetSocketAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        ContentScreener screener = screening.screener()
                .orElseThrow(() -> new MessagingException("content screening is not configured"));
        String tenantId = mail.getAttribute(MailgateAttributes.TENANT_ID)
                .map(attribute -> String.valueOf(attribute.getValue().value())).orElse("");
        Screening result = screening.screenInChain(screener, mail.getMessage(), tenantId);
        logObserved(LOG, tenantId, result);
        if (!result.tags().isEmpty()) {
            mail.getMessage().setHeader(TAGS_HEADER, String.join(", ", result.tags()));
            mail.getMessage().saveChanges();
        }
        Verdict verdict = result.verdict();
        if (!verdict.isAccept()) {
            StageVerdicts.decide(mail, verdict);
        }
    }

    /** Observe mode: what a rule would have done, in the log, and nothing else. */
    static void logObserved(Logger log, String tenantId, Screening result) {
        for (Finding finding : result.findings()) {
            if (finding.outcome().equals("observed")) {
                log.info("content rule {} (category {}, observe mode) matched tenant {}'s message in {}: '{}'",
                        finding.rule(), finding.category(), tenantId, finding.field(), finding.text());
            }
        }
    }

    @Override
    public String getMailetInfo() {
        return "Mailgate content screening stage (CON-1..CON-6)";
    }
}
