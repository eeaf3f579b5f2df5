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
import org.apache.james.metrics.logger.DefaultMetricFactory;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorNoop;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import reactor.core.publisher.Hooks;

import com.google.inject.AbstractModule;
import com.google.inject.name.Names;

import io.mailgate.api.Blocklists;
import io.mailgate.api.DecisionJournal;
import io.mailgate.api.SendingPolicies;
import io.mailgate.api.Suppressions;
import io.mailgate.api.SendingDomains;
import io.mailgate.api.TenantDirectory;
import io.mailgate.api.FooterTemplates;
import io.mailgate.api.ContentRuleStore;
import io.mailgate.api.TenantProfiles;
import io.mailgate.api.UnsubscribeLinks;
import io.mailgate.core.admin.AdminServer;
import io.mailgate.core.admin.BlocklistResource;
import io.mailgate.core.admin.ReputationResource;
import io.mailgate.core.admin.FooterTemplateResource;
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
import io.mailgate.core.delivery.DeliveryListener;
import io.mailgate.core.domains.DomainSettings;
import io.mailgate.core.domains.KeyVault;
import io.mailgate.core.domains.SendingDomainService;
import io.mailgate.core.domains.VerificationSchedule;
import io.mailgate.core.james.JamesAssembly;
import io.mailgate.core.james.JamesConfig;
import io.mailgate.core.james.TlsKeystore;
import io.mailgate.core.metrics.GatewayMetrics;
import io.mailgate.core.osgi.PluginContentRules;
import io.mailgate.core.quarantine.Quarantine;
import io.mailgate.core.osgi.PluginFramework;
import io.mailgate.core.queue.InFlow;
import io.mailgate.core.queue.QueueBroker;
import io.mailgate.core.reputation.BlocklistService;
import io.mailgate.core.reputation.BulkSenderReadiness;
import io.mailgate.core.reputation.Reputation;
import io.mailgate.core.reputation.ReputationCases;
import io.mailgate.core.reputation.ReputationService;
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
import io.mailgate.core.store.FooterTemplateStore;
import io.mailgate.core.store.ContentRuleTables;
import io.mailgate.core.store.TenantProfileStore;
import io.mailgate.core.store.TenantStore;
import io.mailgate.core.store.TenantTokenStore;
import io.mailgate.core.unsubscribe.PublicServer;
import io.mailgate.core.unsubscribe.UnsubscribeLinkService;
import io.mailgate.core.unsubscribe.Unsubscribes;
import io.mailgate.feedback.UnsubscribeTokenCodec;

/**
 * One gateway process: Derby, the durable queue, the plugin framework, James (chain, spooler,
 * SMTP listeners) and the REST admin, started in that order and stopped in the reverse one.
 * State lives under {@code home}: {@code db/}, {@code queue/}, {@code felix-cache/}, {@code tls/}, {@code keys/},
 * {@code admin.token}.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Database database;
    private final TenantStore tenants;
    private final TenantProfileStore profiles;
    private final FooterTemplateStore footerTemplates;
    private final JournalStore journal;
    private final SuppressionStore suppressions;
    private final SendingDomainService domains;
    private final SendingPolicyStore policies;
    private final CapCounters capCounters;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final Reputation reputation;
    private final PluginFramework plugins;
    private final JamesAssembly james;
    private final AdminServer admin;
    private final Unsubscribes unsubscribes;
    private PublicServer publicEndpoint;
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
            footerTemplates = new FooterTemplateStore(database, tenants, Clock.systemUTC());
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
            reputation = track(new Reputation(config, database, tenants, profiles, journal, domains, metrics, Clock.systemUTC()));

            MetricFactory metricFactory = new DefaultMetricFactory();
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
            plugins.context().registerService(FooterTemplates.class, footerTemplates, new Hashtable<>());
            plugins.context().registerService(DecisionJournal.class, journal, new Hashtable<>());
            plugins.context().registerService(Suppressions.class, suppressions, new Hashtable<>());
            plugins.context().registerService(SendingDomains.class, domains, new Hashtable<>());
            plugins.context().registerService(Blocklists.class, reputation.blocklists(), new Hashtable<>());
            ContentRuleTables contentRules = new ContentRuleTables(database, tenants, Clock.systemUTC());
            plugins.context().registerService(ContentRuleStore.class, contentRules, new Hashtable<>());
            PluginContentRules pluginContentRules = track(new PluginContentRules(plugins.context()));
            plugins.context().registerService(SendingPolicies.class, new SendingPolicyService(policies, capCounters),
                    new Hashtable<>());
            StageRegistry stages = track(new StageRegistry(plugins.context()));
            PluginSmtpChecks checks = track(new PluginSmtpChecks(plugins.context(), stages::isRequired));

            JamesConfig jamesConfig = new JamesConfig(config, config.confDir().resolve("mailetcontainer.xml"),
                    keystore(config, home));
            ReturnPaths returnPaths = new ReturnPaths(new VerpCodec(vault.derive("verp"),
                    config.getDuration(Key.FEEDBACK_TOKEN_MAX_AGE)), jamesConfig.bounceDomain(), Clock.systemUTC());
            FeedbackApplier feedback = new FeedbackApplier(suppressions, journal, metrics, Clock.systemUTC(),
                    reputation.service());
            InFlow inFlow = new InFlow(config.getDuration(Key.SMTP_IN_FLOW_DELAY));
            unsubscribes = new Unsubscribes(suppressions, journal, Clock.systemUTC());
            unsubscribes.addListener((tenantId, recipient, resource, at) ->
                    reputation.service().unsubscribed(tenantId, recipient));
            UnsubscribeLinkService unsubscribeLinks = unsubscribeLinks(config, vault, jamesConfig.bounceDomain());
            if (!config.getListen(Key.PUBLIC_LISTEN).isEmpty()) {
                publicEndpoint = track(new PublicServer(config.getListen(Key.PUBLIC_LISTEN).get(0), unsubscribeLinks,
                        unsubscribes, this::senderName, config.getInt(Key.PUBLIC_RATE_LIMIT), Clock.systemUTC()));
            }
            plugins.context().registerService(UnsubscribeLinks.class, unsubscribeLinks, new Hashtable<>());
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
                    bind(InFlow.class).toInstance(inFlow);
                    bind(ReturnPaths.class).toInstance(returnPaths);
                    bind(FeedbackApplier.class).toInstance(feedback);
                    bind(UnsubscribeLinkService.class).toInstance(unsubscribeLinks);
                    bind(Unsubscribes.class).toInstance(unsubscribes);
                    bind(AuthFailures.class).toInstance(new AuthFailures(config.getInt(Key.SMTP_AUTH_MAX_FAILURES),
                            config.getDuration(Key.SMTP_AUTH_LOCKOUT), Clock.systemUTC()));
                    bindConstant().annotatedWith(Names.named("smtp.max-recipients"))
                            .to(config.getInt(Key.SMTP_MAX_RECIPIENTS));
                    bindConstant().annotatedWith(Names.named("smtp.suspended-status"))
                            .to(config.get(Key.SMTP_SUSPENDED_STATUS));
                }
            };
            james = track(new JamesAssembly(
                    new JamesAssembly.Parts(home, inFlow.observing(activeMq),
                            metricFactory, stages, bindings),
                    jamesConfig,
                    context -> {
                        // the tenant notices go out as the gateway's own mail once the mailet context exists
                        reputation.notices().start(context);
                        // delivery tells the reputation figures (REP-2) what was delivered and what was refused
                        DeliveryListener deliveries = reputation.service();
                        return new ChainSettings(context, journal, metrics, config.getDuration(Key.STAGE_HOLD_DELAY),
                                Clock.systemUTC(), returnPaths, feedback, deliveries);
                    }));

            admin = new AdminServer(config.getListen(Key.ADMIN_LISTEN).get(0), home, tenants, journal, domains,
                    suppressions, metrics, policies, new TenantTokenStore(database), broker::isRunning);
            track(admin::stop);
            admin.addService(TenantProfileStore.class, profiles);
            admin.addResources(TenantProfileResource.class);
            admin.addService(ReputationService.class, reputation.service());
            admin.addService(ReputationCases.class, reputation.cases());
            admin.addService(BlocklistService.class, reputation.blocklists());
            admin.addService(BulkSenderReadiness.class, reputation.readiness());
            admin.addResources(ReputationResource.class, BlocklistResource.class);
            admin.addService(FooterTemplateStore.class, footerTemplates);
            admin.addResources(FooterTemplateResource.class);
            admin.addService(ContentRuleStore.class, contentRules);
            admin.addService(PluginContentRules.class, pluginContentRules);
            admin.addResources(ContentRuleResource.class, ContentApprovalResource.class);
            Quarantine quarantine = new Quarantine(james.mailRepositories(), james.mailetContext(), journal,
                    Clock.systemUTC());
            metrics.addGauge("mailgate_quarantine_size", "Messages held in the quarantine for review.", quarantine::size);
            admin.addService(Quarantine.class, quarantine);
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

    /**
     * Unsubscribe links signed with the key {@code public.token-key-id}; every lower id still
     * verifies (the keys are derived from the master key, so a rotation loses none).
     */
    private UnsubscribeLinkService unsubscribeLinks(GatewayConfig config, KeyVault vault, String bounceDomain) {
        java.util.Map<Integer, byte[]> keys = new java.util.HashMap<>();
        int current = config.getInt(Key.PUBLIC_TOKEN_KEY_ID);
        if (current > 255) {
            throw new io.mailgate.core.config.ConfigException("public.token-key-id is 1 to 255, not " + current);
        }
        for (int id = 1; id <= current; id++) {
            keys.put(id, vault.derive("unsubscribe-link-" + id));
        }
        if (config.getDuration(Key.PUBLIC_TOKEN_MAX_AGE).compareTo(UnsubscribeTokenCodec.MIN_MAX_AGE) < 0) {
            throw new io.mailgate.core.config.ConfigException("public.token-max-age must be at least 30d (REQ-3), not "
                    + config.get(Key.PUBLIC_TOKEN_MAX_AGE));
        }
        UnsubscribeTokenCodec codec = new UnsubscribeTokenCodec(keys, config.getDuration(Key.PUBLIC_TOKEN_MAX_AGE),
                Clock.systemUTC());
        String configured = config.get(Key.PUBLIC_BASE_URL);
        if (configured.isEmpty() && config.getListen(Key.PUBLIC_LISTEN).isEmpty()) {
            throw new io.mailgate.core.config.ConfigException("public.base-url must be set when public.listen is empty:"
                    + " the unsubscribe links in mail need the address of a public endpoint");
        }
        return new UnsubscribeLinkService(codec, () -> !configured.isEmpty() || publicEndpoint == null ? configured
                : publicEndpoint.baseUri().toString(), bounceDomain);
    }

    /** The name a recipient knows a tenant by: its profile's company, else its name. */
    private String senderName(String tenantId) {
        return profiles.profile(tenantId).map(TenantProfiles.Profile::company).filter(name -> !name.isBlank())
                .or(() -> tenants.tenant(tenantId).map(io.mailgate.core.store.TenantRecord::name))
                .orElse("the sender");
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

    public FooterTemplateStore footerTemplates() {
        return footerTemplates;
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

    public Reputation reputation() {
        return reputation;
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

    /** The public unsubscribe endpoint, when {@code public.listen} is set. */
    public java.util.Optional<PublicServer> publicEndpoint() {
        return java.util.Optional.ofNullable(publicEndpoint);
    }

    /** Every unsubscribe goes through it; add a listener to hear of each (REP-2 counts them). */
    public Unsubscribes unsubscribes() {
        return unsubscribes;
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
