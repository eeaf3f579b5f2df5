package io.mailgate.plugin.content;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The one screening engine of the bundle, shared by the chain stage ({@link ScreenContent}), the
 * end-of-DATA check ({@link ContentCheck}) and the rule tester, so that all of them decide with the
 * same rules. It is empty until the stage configures it from its init parameters; the rules then
 * change in place, and the next message sees the change.
 */
@Component(service = ContentScreening.class)
public class ContentScreening {

    private final RuleEngine engine = new RuleEngine();
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
    }

    /** The screener, or nothing while the stage has not configured it yet. */
    Optional<ContentScreener> screener() {
        return Optional.ofNullable(screener);
    }

    RuleEngine engine() {
        return engine;
    }

    /** Stops the monitor (and its cache-purging thread). */
    @Deactivate
    public void close() {
        engine.close();
    }
}
