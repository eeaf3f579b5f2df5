package io.mailgate.core;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorNoop;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import reactor.core.publisher.Hooks;

import com.google.inject.AbstractModule;
import com.google.inject.name.Names;

import io.mailgate.api.DecisionJournal;
import io.mailgate.api.SendingPolicies;
import io.mailgate.api.Suppressions;
import io.mailgate.api.SendingDomains;
import io.mailgate.api.TenantDirectory;
import io.mailgate.api.ContentRuleStore;
import io.mailgate.api.TenantProfiles;
import io.mailgate.core.admin.AdminServer;
import io.mailgate.core.admin.ContentApprovalResource;
import io.mailgate.core.admin.ContentRuleResource;
import io.mailgate.core.admin.QuarantineResource;
import io.mailgate.core.admin.TenantProfileResource;
import io.mailgate.core.caps.CapCounters;
import io.mailgate.core.caps.SendingPolicyService;
import io.mailgate.core.caps.SendingPolicyStore;
import io.mailgate.core.chain.ChainSettings;
import io.mailgate.core.chain.StageRegistry;
import io.mailgate.core.config.GatewayConfig;
import io.mailgate.core.config.GatewayConfig.Key;
import io.mailgate.core.domains.DomainSettings;
import io.mailgate.core.domains.KeyVault;
import io.mailgate.core.domains.SendingDomainService;
import io.mailgate.core.domains.VerificationSchedule;
import io.mailgate.core.james.GatewayMetricFactory;
import io.mailgate.core.james.JamesAssembly;
import io.mailgate.core.james.JamesConfig;
import io.mailgate.core.james.TlsKeystore;
import io.mailgate.core.metrics.GatewayMetrics;
import io.mailgate.core.osgi.PluginContentRules;
import io.mailgate.core.quarantine.Quarantine;
import io.mailgate.core.osgi.PluginFramework;
import io.mailgate.core.queue.DeferralCountingQueueFactory;
import io.mailgate.core.queue.QueueBroker;
import io.mailgate.core.smtp.AuthFailures;
import io.mailgate.core.smtp.PluginSmtpChecks;
import io.mailgate.core.smtp.SessionChecks;
import io.mailgate.core.feedback.FeedbackApplier;
import io.mailgate.core.feedback.ReturnPaths;
import io.mailgate.feedback.VerpCodec;
import io.mailgate.core.suppression.SuppressionStore;
import io.mailgate.core.smtp.TenantIdentifier;
import io.mailgate.core.store.Database;
import io.mailgate.core.store.JournalStore;
import io.mailgate.core.store.ContentRuleTables;
import io.mailgate.core.store.TenantProfileStore;
import io.mailgate.core.store.TenantStore;
import io.mailgate.core.store.TenantTokenStore;

/**
 * One gateway process: Derby, the durable queue, the plugin framework, James (chain, spooler,
 * SMTP listeners) and the REST admin, started in that order and stopped in the reverse one.
 * State lives under {@code home}: {@code db/}, {@code queue/}, {@code felix-cache/}, {@code tls/}, {@code keys/},
 * {@code admin.token}.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(Gateway.class);
    static final MailQueueName OUTGOING = MailQueueName.of("outgoing");

    private final GatewayConfig config;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Database database;
    private final TenantStore tenants;
    private final TenantProfileStore profiles;
    private final JournalStore journal;
    private final SuppressionStore suppressions;
    private final SendingDomainService domains;
    private final SendingPolicyStore policies;
    private final CapCounters capCounters;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final PluginFramework plugins;
    private final JamesAssembly james;
    private final AdminServer admin;
    private DemoTenant demo;

    public Gateway(GatewayConfig config) throws Exception {
        this.config = config;
        Path home = config.home();
        quietShutdownDrops();
        // Threads started from here on (James's, ActiveMQ's, Netty's) inherit the caching loader.
        Thread.currentThread().setContextClassLoader(new ClassPathResourceCache(Gateway.class.getClassLoader()));
        Files.createDirectories(home);
        try {
            database = track(Database.open(home.resolve("db")));
            tenants = new TenantStore(database);
            profiles = new TenantProfileStore(database, tenants, Clock.systemUTC());
            journal = track(new JournalStore(database));
            suppressions = new SuppressionStore(database, Clock.systemUTC());
            policies = new SendingPolicyStore(database, Clock.systemUTC());
            // Closed before the database (tracked after it), so that the last counts are written.
            capCounters = track(new CapCounters(database, Clock.systemUTC()));
            KeyVault vault = KeyVault.loadOrCreate(config.isSet(Key.KEYS_MASTER_KEY)
                    ? config.getPath(Key.KEYS_MASTER_KEY, config.confDir()) : home.resolve("keys").resolve("master.key"));
            DomainSettings domainSettings = DomainSettings.of(config);
            domains = new SendingDomainService(database, tenants, journal, vault, domainSettings);
            if (config.getBoolean(Key.DEMO_TENANT)) {
                demo = DemoTenant.ensure(tenants, domains, home);
            }
            track(new VerificationSchedule(domains, domainSettings.interval()));

            MetricFactory metricFactory = new GatewayMetricFactory(metrics);
            QueueBroker broker = track(new QueueBroker(home.resolve("queue")));
            ActiveMQMailQueueFactory activeMq = new ActiveMQMailQueueFactory(broker.connectionFactory(),
                    new RawMailQueueItemDecoratorFactory(), metricFactory, new NoopGaugeRegistry(),
                    new ActiveMQMetricCollectorNoop());
            // Message bodies inside the fsynced journal, not in blob files that are never fsynced.
            activeMq.setUseBlobMessages(false);
            activeMq.setUseJMX(false);
            activeMq.init();
            track(activeMq::destroy);
            metrics.setQueueSize(broker::queuedMessages);

            plugins = track(new PluginFramework(home.resolve("felix-cache"),
                    config.getPath(Key.PLUGINS_DIR, config.confDir().getParent())));
            plugins.context().registerService(TenantDirectory.class, tenants, new Hashtable<>());
            plugins.context().registerService(TenantProfiles.class, profiles, new Hashtable<>());
            plugins.context().registerService(DecisionJournal.class, journal, new Hashtable<>());
            plugins.context().registerService(Suppressions.class, suppressions, new Hashtable<>());
            plugins.context().registerService(SendingDomains.class, domains, new Hashtable<>());
            ContentRuleTables contentRules = new ContentRuleTables(database, tenants, Clock.systemUTC());
            plugins.context().registerService(ContentRuleStore.class, contentRules, new Hashtable<>());
            PluginContentRules pluginContentRules = track(new PluginContentRules(plugins.context()));
            plugins.context().registerService(SendingPolicies.class, new SendingPolicyService(policies, capCounters),
                    new Hashtable<>());
            StageRegistry stages = track(new StageRegistry(plugins.context()));
            PluginSmtpChecks checks = track(new PluginSmtpChecks(plugins.context()));

            JamesConfig jamesConfig = new JamesConfig(config, config.confDir().resolve("mailetcontainer.xml"),
                    keystore(config, home));
            ReturnPaths returnPaths = new ReturnPaths(new VerpCodec(vault.derive("verp"),
                    config.getDuration(Key.FEEDBACK_TOKEN_MAX_AGE)), jamesConfig.bounceDomain(), Clock.systemUTC());
            FeedbackApplier feedback = new FeedbackApplier(suppressions, journal, metrics, Clock.systemUTC());
            AbstractModule bindings = new AbstractModule() {
                @Override
                protected void configure() {
                    bind(TenantIdentifier.class).toInstance(new TenantIdentifier() {
                        @Override
                        public java.util.Optional<String> authenticate(String username, String password) {
                            return tenants.authenticate(username, password);
                        }

                        @Override
                        public java.util.Optional<String> tenantForAddress(java.net.InetAddress address) {
                            return tenants.tenantForAddress(address);
                        }
                    });
                    bind(TenantDirectory.class).toInstance(tenants);
                    bind(SessionChecks.class).toInstance(new SessionChecks(checks, journal, metrics));
                    bind(GatewayMetrics.class).toInstance(metrics);
                    bind(ReturnPaths.class).toInstance(returnPaths);
                    bind(FeedbackApplier.class).toInstance(feedback);
                    bind(AuthFailures.class).toInstance(new AuthFailures(config.getInt(Key.SMTP_AUTH_MAX_FAILURES),
                            config.getDuration(Key.SMTP_AUTH_LOCKOUT), Clock.systemUTC()));
                    bindConstant().annotatedWith(Names.named("smtp.max-recipients"))
                            .to(config.getInt(Key.SMTP_MAX_RECIPIENTS));
                }
            };
            james = track(new JamesAssembly(
                    new JamesAssembly.Parts(home, new DeferralCountingQueueFactory(activeMq, OUTGOING, metrics),
                            metricFactory, stages, bindings),
                    jamesConfig,
                    context -> new ChainSettings(context, journal, metrics, config.getDuration(Key.STAGE_HOLD_DELAY),
                            Clock.systemUTC(), returnPaths, feedback)));

            admin = new AdminServer(config.getListen(Key.ADMIN_LISTEN).get(0), home, tenants, journal, domains,
                    suppressions, metrics, policies, new TenantTokenStore(database), broker::isRunning);
            track(admin::stop);
            admin.addService(TenantProfileStore.class, profiles);
            admin.addResources(TenantProfileResource.class);
            admin.addService(ContentRuleStore.class, contentRules);
            admin.addService(PluginContentRules.class, pluginContentRules);
            admin.addResources(ContentRuleResource.class, ContentApprovalResource.class);
            admin.addService(Quarantine.class, new Quarantine(james.mailRepositories(), james.mailetContext(), journal,
                    Clock.systemUTC()));
            admin.addResources(QuarantineResource.class);
            admin.start();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /**
     * Reactor reports an error that comes after its subscriber went away as "dropped", at ERROR
     * with a stack trace. James's spooler makes one on every stop: its blocking dequeue is
     * interrupted. That one is a line at DEBUG; any other dropped error is still an ERROR.
     */
    private static void quietShutdownDrops() {
        Hooks.onErrorDropped(error -> {
            for (Throwable cause = error; cause != null; cause = cause.getCause()) {
                if (cause instanceof InterruptedException) {
                    LOGGER.debug("an interrupted queue read ended with the stop: {}", error.toString());
                    return;
                }
            }
            LOGGER.error("an error arrived after its receiver was gone", error);
        });
    }

    private <T extends AutoCloseable> T track(T component) {
        started.add(component);
        return component;
    }

    private static TlsKeystore keystore(GatewayConfig config, Path home) throws Exception {
        if (config.isSet(Key.SMTP_TLS_KEYSTORE)) {
            return TlsKeystore.configured(config.getPath(Key.SMTP_TLS_KEYSTORE, config.confDir()),
                    config.get(Key.SMTP_TLS_KEYSTORE_PASSWORD));
        }
        String host = config.isSet(Key.SMTP_HELLO_NAME) ? config.get(Key.SMTP_HELLO_NAME) : "localhost";
        return TlsKeystore.selfSigned(home.resolve("tls"), host);
    }


    public TenantStore tenants() {
        return tenants;
    }

    public TenantProfileStore profiles() {
        return profiles;
    }

    public SuppressionStore suppressions() {
        return suppressions;
    }

    public SendingPolicyStore sendingPolicies() {
        return policies;
    }

    public CapCounters capCounters() {
        return capCounters;
    }

    public JournalStore journal() {
        return journal;
    }

    public SendingDomainService domains() {
        return domains;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public PluginFramework plugins() {
        return plugins;
    }

    public AdminServer admin() {
        return admin;
    }

    /** The bound addresses of the relay listener (STARTTLS), then of the implicit-TLS one. */
    public List<List<InetSocketAddress>> smtpAddresses() {
        return james.boundAddresses();
    }

    public java.util.Optional<DemoTenant> demo() {
        return java.util.Optional.ofNullable(demo);
    }

    public GatewayConfig config() {
        return config;
    }

    /** Stops in the reverse order of the start: no new mail first, the stores last. */
    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            long start = System.nanoTime();
            try {
                started.get(i).close();
                LOGGER.debug("stopped {} in {} ms", started.get(i), (System.nanoTime() - start) / 1_000_000);
            } catch (Exception e) {
                LOGGER.warn("stopping {} failed", started.get(i).getClass().getSimpleName(), e);
            }
        }
        started.clear();
    }

    public static void main(String[] args) throws Exception {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Path confFile = Path.of("conf", "mailgate.conf");
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> confFile = Path.of(args[++i]);
                case "--set" -> sets.add(args[++i]);
                default -> {
                    System.err.println("usage: Gateway [--config FILE] [--set key=value]...");
                    System.exit(2);
                }
            }
        }
        GatewayConfig config;
        Gateway gateway;
        try {
            config = GatewayConfig.load(confFile, System.getProperties(), sets);
            gateway = new Gateway(config);
        } catch (io.mailgate.core.config.ConfigException e) {
            System.err.println("mailgate: configuration error: " + e.getMessage());
            System.exit(78);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOGGER.info("stopping: no new connections; sessions in flight get up to 15s, the queue keeps the rest");
            gateway.close();
            LOGGER.info("stopped");
        }, "shutdown"));
        new Banner(gateway).print(System.out);
    }
}
