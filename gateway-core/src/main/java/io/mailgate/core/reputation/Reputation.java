package io.mailgate.core.reputation;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.api.Blocklists;
import io.mailgate.api.DecisionJournal;
import io.mailgate.api.TenantProfiles;
import io.mailgate.core.config.ConfigException;
import io.mailgate.core.config.GatewayConfig;
import io.mailgate.core.config.GatewayConfig.Key;
import io.mailgate.core.domains.DomainSettings;
import io.mailgate.core.domains.SendingDomainService;
import io.mailgate.core.metrics.GatewayMetrics;
import io.mailgate.core.store.Database;
import io.mailgate.core.store.TenantStore;
import io.mailgate.mailauth.spf.DnsjavaSpfDns;

/**
 * The reputation parts of one gateway (POLICY.md REP-1 … REP-4), made from the {@code reputation.*}
 * and {@code rbl.*} settings: the figures and thresholds, the cases and their deadlines (checked
 * every minute), the blocklist service the rbl-monitor plugin reports to, the tenant notices, the
 * readiness report and the per-tenant gauges.
 */
public final class Reputation implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reputation.class);

    private final ReputationService service;
    private final ReputationCases cases;
    private final BlocklistService blocklists;
    private final MailNotices notices;
    private final BulkSenderReadiness readiness;
    private final ScheduledExecutorService deadlines;
    private final RollingCounters counters;
    private final ReputationCountsStore counts;
    private final Clock clock;

    public Reputation(GatewayConfig config, Database database, TenantStore tenants, TenantProfiles profiles,
                      DecisionJournal journal, SendingDomainService domains, GatewayMetrics metrics, Clock clock) {
        ProviderGroups groups = ProviderGroups.standard();
        Duration window = config.getDuration(Key.REPUTATION_WINDOW);
        Duration slot = window.compareTo(Duration.ofHours(1)) >= 0 ? Duration.ofMinutes(10) : window.dividedBy(6);
        if (slot.isZero()) {
            throw new ConfigException("reputation.window must be at least 6 ms");
        }
        Thresholds thresholds = new Thresholds(config.getInt(Key.REPUTATION_MIN_DELIVERED),
                config.getPercent(Key.REPUTATION_MAX_COMPLAINTS), config.getPercent(Key.REPUTATION_MAX_HARD_BOUNCES),
                config.getPercent(Key.REPUTATION_MAX_INVALID), config.getPercent(Key.REPUTATION_MAX_UNSUBSCRIBES),
                config.getPercent(Key.REPUTATION_MAX_PROVIDER_BLOCKS), config.getInt(Key.REPUTATION_PROVIDER_MIN_ATTEMPTS));
        notices = new MailNotices(profiles);
        cases = new ReputationCases(database, tenants, journal, notices,
                new ReputationCases.Deadlines(config.getDuration(Key.REPUTATION_EXPLAIN_WITHIN),
                        config.getDuration(Key.REPUTATION_FIX_WITHIN), config.getDuration(Key.REPUTATION_REPEAT_PERIOD)),
                clock);
        counters = new RollingCounters(window, slot, groups.size());
        counts = new ReputationCountsStore(database, groups);
        counts.load().forEach(cell -> counters.restore(cell, clock.instant()));
        this.clock = clock;
        service = new ReputationService(counters, groups, thresholds, tenants, cases, clock);
        blocklists = new BlocklistService(database, tenants, cases, blocklistSettings(config), clock);
        DomainSettings dnsSettings = DomainSettings.of(config);
        readiness = new BulkSenderReadiness(domains, service, dnsSettings.sendingIps(),
                DnsjavaSpfDns.of(dnsSettings.resolvers(), dnsSettings.dnsTimeout()));
        gauges(metrics);
        deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "reputation-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        deadlines.scheduleWithFixedDelay(() -> {
            try {
                cases.tick();
            } catch (RuntimeException e) {
                LOG.error("checking the reputation case deadlines failed", e);
            }
        }, 1, 1, TimeUnit.MINUTES);
        // A kill loses at most one slot of figures; a clean stop loses none (close).
        deadlines.scheduleWithFixedDelay(this::saveCounts, slot.toMillis(), slot.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void saveCounts() {
        try {
            counts.save(counters.cells(clock.instant()));
        } catch (RuntimeException e) {
            LOG.error("saving the reputation figures failed", e);
        }
    }

    static Blocklists.Settings blocklistSettings(GatewayConfig config) {
        List<InetSocketAddress> resolvers = new ArrayList<>();
        List<String> named = config.isSet(Key.RBL_RESOLVERS) ? config.getList(Key.RBL_RESOLVERS) : config.getList(Key.DNS_RESOLVERS);
        for (String resolver : named) {
            resolvers.add(DomainSettings.resolver(resolver));
        }
        List<InetAddress> ips = new ArrayList<>();
        for (String ip : config.getList(Key.DELIVERY_SENDING_IPS)) {
            try {
                ips.add(InetAddress.getByName(ip)); // a literal, checked at load: no lookup
            } catch (UnknownHostException e) {
                throw new ConfigException("delivery.sending-ips: " + ip + " is not an address");
            }
        }
        return new Blocklists.Settings(config.getList(Key.RBL_IP_LISTS), config.getList(Key.RBL_DOMAIN_LISTS), resolvers,
                config.getDuration(Key.RBL_INTERVAL), config.getDuration(Key.RBL_TIMEOUT), config.getInt(Key.RBL_CONCURRENCY),
                config.get(Key.RBL_ANSWERS), ips);
    }

    private void gauges(GatewayMetrics metrics) {
        metrics.addGauge("mailgate_tenant_delivered", "Messages delivered per tenant over the reputation window.", "tenant",
                () -> perTenant(f -> (double) f.total(ReputationEvent.DELIVERED)));
        metrics.addGauge("mailgate_tenant_complaint_ratio", "Complaints per delivered message over the window.", "tenant",
                () -> perTenant(f -> f.percentOfDelivered(ReputationEvent.COMPLAINT) / 100));
        metrics.addGauge("mailgate_tenant_hard_bounce_ratio", "Hard bounces per delivered message over the window.", "tenant",
                () -> perTenant(f -> f.percentOfDelivered(ReputationEvent.HARD_BOUNCE) / 100));
        metrics.addGauge("mailgate_tenant_invalid_address_ratio", "Invalid addresses per delivered message over the window.",
                "tenant", () -> perTenant(f -> f.percentOfDelivered(ReputationEvent.INVALID_ADDRESS) / 100));
        metrics.addGauge("mailgate_tenant_unsubscribe_ratio", "Unsubscribes per delivered message over the window.", "tenant",
                () -> perTenant(f -> f.percentOfDelivered(ReputationEvent.UNSUBSCRIBE) / 100));
        metrics.addGauge("mailgate_rbl_alerts", "Blocklist monitor alerts since start, by list.", "list", () -> {
            Map<String, Double> samples = new HashMap<>();
            blocklists.alertCounts().forEach((list, count) -> samples.put(list, count.doubleValue()));
            return samples;
        });
        metrics.addGauge("mailgate_rbl_listings", "Current blocklist listings of the gateway's IPs and tenants' domains.",
                "kind", () -> Map.of("all", (double) blocklists.currentListings()));
    }

    private Map<String, Double> perTenant(java.util.function.ToDoubleFunction<Figures> value) {
        Map<String, Double> samples = new HashMap<>();
        for (String tenant : service.countedTenants()) {
            samples.put(tenant, value.applyAsDouble(service.figures(tenant)));
        }
        return samples;
    }

    public ReputationService service() {
        return service;
    }

    public ReputationCases cases() {
        return cases;
    }

    public BlocklistService blocklists() {
        return blocklists;
    }

    public MailNotices notices() {
        return notices;
    }

    public BulkSenderReadiness readiness() {
        return readiness;
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        try {
            deadlines.awaitTermination(10, TimeUnit.SECONDS); // a save under way ends first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        saveCounts();
    }
}
