package io.mailgate.plugin.content;

import io.mailgate.api.ContentRules.Screening;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import javax.mail.internet.MimeMessage;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.api.Verdict;

/**
 * The one screening engine of the bundle, shared by the chain stage ({@link ScreenContent}), the
 * end-of-DATA check ({@link ContentCheck}) and the rule tester, so that all of them decide with the
 * same rules. It is empty until the stage configures it from its init parameters; the rules then
 * change in place, and the next message sees the change.
 *
 * <p>A message is screened once: the end-of-DATA check keeps what it found for a message it lets
 * through ({@link #screenAtData}), and the stage takes that for the very same message, tenant,
 * rules and settings ({@link #screenInChain}, {@link ScreeningCache}); on any doubt the stage
 * screens again.
 */
@Component(service = ContentScreening.class)
public class ContentScreening {

    private static final Logger LOG = LoggerFactory.getLogger(ContentScreening.class);

    private final RuleEngine engine = new RuleEngine();
    private final ScreeningCache atData = new ScreeningCache(ScreeningCache.CAPACITY, ScreeningCache.TTL, Clock.systemUTC());
    private final AtomicLong settingsGeneration = new AtomicLong();
    private final AtomicLong screened = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();
    private volatile ContentScreener screener;

    /** Sets the settings and replaces every rule; refuses (and changes nothing) if a rule is invalid. */
    synchronized void configure(ScreeningSettings settings, List<ContentRule> rules, CategoryApprovals approvals) {
        engine.replaceAll(rules);
        configure(settings, approvals);
    }

    /** Sets the settings and keeps the rules (none at first: {@link ContentRulesService} changes them). */
    public synchronized void configure(ScreeningSettings settings, CategoryApprovals approvals) {
        UriBlocklists blocklists = new UriBlocklists(settings.uriBlocklists(), settings.resolvers(), settings.dnsTimeout(),
                settings.cacheTtl(), Clock.systemUTC());
        screener = new ContentScreener(engine, settings, blocklists, approvals);
        settingsGeneration.incrementAndGet();
        atData.clear();
    }

    /** The screener, or nothing while the stage has not configured it yet. */
    Optional<ContentScreener> screener() {
        return Optional.ofNullable(screener);
    }

    RuleEngine engine() {
        return engine;
    }

    /**
     * The end-of-DATA screening. What it lets through (accepted, or to be held by the stage) is
     * kept for the stage; a refusal or a deferral is not: the client sends such a message again,
     * and it is screened again.
     */
    Screening screenAtData(ContentScreener screener, MimeMessage message, String tenantId) {
        long rules = engine.generation();
        long settings = settingsGeneration.get();
        Map<String, Boolean> approvalsAsked = new HashMap<>();
        Screening result = screener.screen(message, tenantId, approvalsAsked);
        screened.incrementAndGet();
        Verdict.Kind kind = result.verdict().kind();
        if (kind == Verdict.Kind.ACCEPT || kind == Verdict.Kind.QUARANTINE) {
            ScreeningCache.key(message, tenantId, rules, settings)
                    .ifPresent(key -> atData.put(key, result, approvalsAsked));
        }
        return result;
    }

    /** The chain stage's screening: the end-of-DATA one of this very message if it still holds, else a new one. */
    Screening screenInChain(ContentScreener screener, MimeMessage message, String tenantId) {
        Optional<ScreeningCache.Key> key = ScreeningCache.key(message, tenantId, engine.generation(), settingsGeneration.get());
        Optional<Screening> kept = key.flatMap(found -> atData.get(found, screener.approvals()));
        String digest = key.map(ScreeningCache.Key::digest).orElse("(unreadable)");
        if (kept.isPresent()) {
            reused.incrementAndGet();
            LOG.debug("tenant {}: message {} was screened at the end of DATA; the stage takes that screening", tenantId, digest);
            return kept.get();
        }
        screened.incrementAndGet();
        LOG.debug("tenant {}: message {} is screened in the chain", tenantId, digest);
        return screener.screen(message, tenantId);
    }

    /** Messages screened by the check and the stage (not the rule tester), and screenings the stage reused. */
    long screened() {
        return screened.get();
    }

    long reused() {
        return reused.get();
    }

    /** Stops the monitor (and its cache-purging thread). */
    @Deactivate
    public void close() {
        engine.close();
    }
}
