package io.mailgate.core.admin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.mailgate.core.caps.SendingPolicyStore;
import io.mailgate.core.domains.SendingDomainService;
import io.mailgate.core.metrics.GatewayMetrics;
import io.mailgate.core.store.JournalStore;
import io.mailgate.core.store.TenantStore;
import io.mailgate.core.store.TenantTokenStore;
import io.mailgate.core.suppression.SuppressionStore;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.inject.hk2.AbstractBinder;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST admin: Jersey resources on a Jetty server that listens on one address only (by default
 * {@code 127.0.0.1:8080}). Routes and their JSON are described on each resource class:
 * {@link TenantResource}, {@link CredentialResource}, {@link NetworkResource},
 * {@link DomainResource}, {@link JournalResource}, {@link HealthResource}, {@link MetricsResource},
 * {@link TenantSuppressionResource}, {@link SendingPolicyResource}, {@link TenantTokenResource}.
 *
 * <p>Everything under {@code /api/} needs a bearer token: the admin token ({@link AdminToken}, created
 * in {@code <home>/admin.token} on first start) or a tenant token ({@link TenantTokenAuthenticator}),
 * which is confined to its tenant ({@link TenantScopeFilter}) and its role ({@link Role});
 * {@code /health} and {@code /metrics} are open. Every
 * error, including those Jetty raises before Jersey sees the request, is
 * {@code application/problem+json} ({@link ProblemMapper}, {@link ProblemErrorHandler}).
 *
 * <p>The resources call the stores, which validate; this layer only translates HTTP and JSON.
 */
public final class AdminServer {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final InetSocketAddress listen;
    private final Path home;
    private final TenantStore tenants;
    private final JournalStore journal;
    private final SuppressionStore suppressions;
    private final SendingDomainService domains;
    private final SendingPolicyStore policies;
    private final TenantTokenStore tokens;
    private final GatewayMetrics metrics;
    private final BooleanSupplier healthy;
    private final List<TokenAuthenticator> extraAuthenticators = new ArrayList<>();
    private final List<Binding<?>> extraServices = new ArrayList<>();
    private final List<Class<?>> extraResources = new ArrayList<>();
    private Server server;
    private ServerConnector connector;

    /**
     * @param listen  the one address and port to bind; port 0 picks a free port ({@link #baseUri()} tells which)
     * @param home    the gateway's home directory, where {@code admin.token} lives
     * @param healthy what {@code /health} reports
     */
    public AdminServer(InetSocketAddress listen, Path home, TenantStore tenants, JournalStore journal,
                       SendingDomainService domains, SuppressionStore suppressions, GatewayMetrics metrics,
                       SendingPolicyStore policies, TenantTokenStore tokens, BooleanSupplier healthy) {
        this.listen = listen;
        this.home = home;
        this.tenants = tenants;
        this.journal = journal;
        this.suppressions = suppressions;
        this.domains = domains;
        this.metrics = metrics;
        this.policies = policies;
        this.tokens = tokens;
        this.healthy = healthy;
    }

    /**
     * Accepts more bearer tokens besides the admin token (tenant tokens, later). Call before
     * {@link #start()}; the admin token is tried first.
     */
    public synchronized void addTokenAuthenticator(TokenAuthenticator authenticator) {
        checkNotStarted();
        extraAuthenticators.add(authenticator);
    }

    private record Binding<T>(Class<T> type, T instance) {
        void bindIn(AbstractBinder binder) {
            binder.bind(instance).to(type);
        }
    }

    /**
     * Serves more routes: resource classes, and the services they inject. A feature adds its routes
     * here instead of widening the constructor. Call before {@link #start()}.
     */
    public synchronized <T> void addService(Class<T> type, T instance) {
        checkNotStarted();
        extraServices.add(new Binding<>(type, instance));
    }

    /** See {@link #addService}. */
    public synchronized void addResources(Class<?>... resources) {
        checkNotStarted();
        extraResources.addAll(List.of(resources));
    }

    private void checkNotStarted() {
        if (server != null) {
            throw new IllegalStateException("add routes and token authenticators before starting the admin server");
        }
    }

    /** Reads or creates the admin token, then binds and starts serving. */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("the admin server is already started");
        }
        AdminToken token = AdminToken.loadOrCreate(home);
        JettyHttpContainer container = ContainerFactory.createContainer(JettyHttpContainer.class, application(token));

        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("admin-http");
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector bound = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        bound.setHost(listen.getHostString());
        bound.setPort(listen.getPort());
        jetty.addConnector(bound);
        jetty.setHandler(container);
        jetty.setErrorHandler(new ProblemErrorHandler());
        jetty.setStopAtShutdown(false);
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            throw new IOException("cannot start the admin server on " + listen.getHostString() + ":" + listen.getPort()
                    + ": " + e.getMessage(), e);
        }
        server = jetty;
        connector = bound;
        LOG.info("admin API listening on {} (token in {})", baseUri(), token.file());
    }

    /** Where the server listens, such as {@code http://127.0.0.1:8080/}, with the real port. */
    public synchronized URI baseUri() {
        if (connector == null) {
            throw new IllegalStateException("the admin server is not started");
        }
        String host = connector.getHost();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + connector.getLocalPort() + "/");
    }

    /** Stops serving; requests in flight are cut short. The stores stay open (their owner closes them). */
    public synchronized void stop() {
        if (server != null) {
            stopQuietly(server);
            server = null;
            connector = null;
        }
    }

    private ResourceConfig application(AdminToken token) {
        List<TokenAuthenticator> authenticators = new ArrayList<>();
        authenticators.add(token);
        authenticators.add(new TenantTokenAuthenticator(tokens));
        authenticators.addAll(extraAuthenticators);
        return new ResourceConfig()
                .property(CommonProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true)
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .property(ServerProperties.PROCESSING_RESPONSE_ERRORS_ENABLED, true)
                .register(JacksonFeature.withoutExceptionMappers())
                .register(new JsonMapper())
                .register(new JsonBodyErrors())
                .register(new ProblemMapper())
                .register(new BearerAuthFilter(authenticators))
                .register(new TenantScopeFilter())
                .register(RolesAllowedDynamicFeature.class)
                .register(new AbstractBinder() {
                    @Override
                    protected void configure() {
                        bind(tenants).to(TenantStore.class);
                        bind(journal).to(JournalStore.class);
                        bind(suppressions).to(SuppressionStore.class);
                        bind(domains).to(SendingDomainService.class);
                        bind(policies).to(SendingPolicyStore.class);
                        bind(tokens).to(TenantTokenStore.class);
                        bind(metrics).to(GatewayMetrics.class);
                        bind(healthy).to(BooleanSupplier.class);
                        extraServices.forEach(service -> service.bindIn(this));
                    }
                })
                .registerClasses(extraResources.toArray(Class<?>[]::new))
                .registerClasses(TenantResource.class, CredentialResource.class, NetworkResource.class,
                        DomainResource.class, JournalResource.class,
                        GatewaySuppressionResource.class, TenantSuppressionResource.class, SendingPolicyResource.class,
                        TenantTokenResource.class, HealthResource.class, MetricsResource.class);
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("stopping the admin server: {}", e.toString());
        }
    }
}
