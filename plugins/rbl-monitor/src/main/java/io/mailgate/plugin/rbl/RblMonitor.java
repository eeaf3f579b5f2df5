package io.mailgate.plugin.rbl;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.api.Blocklists;

/**
 * The blocklist monitor (POLICY.md REP-1): every {@code rbl.interval}, a {@link CheckRound} over the
 * gateway's sending IPs ({@code rbl.ip-lists}) and the tenants' sending domains
 * ({@code rbl.domain-lists}), through {@code rbl.resolvers}. The first round runs at once. It
 * provides no service; it runs while the gateway's {@link Blocklists} is there.
 */
@Component(immediate = true, service = {})
public final class RblMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(RblMonitor.class);

    private final Blocklists blocklists;
    private final ScheduledExecutorService schedule;
    private final Set<String> broken = ConcurrentHashMap.newKeySet();

    @Activate
    public RblMonitor(@Reference Blocklists blocklists) {
        this.blocklists = blocklists;
        this.schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rbl-monitor");
            thread.setDaemon(true);
            return thread;
        });
        Blocklists.Settings settings = blocklists.settings();
        if (settings.ipLists().isEmpty() && settings.domainLists().isEmpty()) {
            LOG.info("rbl-monitor: no lists in rbl.ip-lists or rbl.domain-lists; nothing to check");
            return;
        }
        AnswerMeanings meanings;
        DnsblClient client;
        try {
            meanings = AnswerMeanings.parse(settings.answers());
            client = new DnsblClient(settings.resolvers(), settings.timeout(), settings.concurrency());
        } catch (IllegalArgumentException e) {
            LOG.error("rbl-monitor: not checking: {}", e.getMessage());
            blocklists.alert("", "", "the blocklist monitor is not checking: " + e.getMessage());
            return;
        }
        CheckRound round = new CheckRound(blocklists, client, meanings, broken);
        schedule.scheduleWithFixedDelay(() -> runRound(round, settings), 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("rbl-monitor: checking {} IP list(s) and {} domain list(s) every {}", settings.ipLists().size(),
                settings.domainLists().size(), settings.interval());
    }

    private void runRound(CheckRound round, Blocklists.Settings settings) {
        try {
            CheckRound.Summary summary = round.run(settings.ipLists(), settings.domainLists(), settings.sendingIps(),
                    blocklists.sendingDomains().keySet());
            LOG.info("rbl-monitor: round done in {} ms: {} listed, {} clean, {} unknown, {} alert(s), {} of {} list(s) skipped",
                    summary.millis(), summary.listed(), summary.clean(), summary.unknown(), summary.alerts(),
                    summary.skippedLists(), summary.lists());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("rbl-monitor: a check round failed", e);
        }
    }

    @Deactivate
    public void stop() {
        schedule.shutdownNow();
    }
}
