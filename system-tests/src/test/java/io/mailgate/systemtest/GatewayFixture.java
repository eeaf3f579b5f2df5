package io.mailgate.systemtest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.mailgate.core.Gateway;
import io.mailgate.core.config.GatewayConfig;

/**
 * A gateway under test, in this JVM: its own home in a temporary folder (real Derby and queue
 * files), the shipped {@code conf/mailetcontainer.xml}, the example plugin bundle in its plugin
 * folder, listeners on ephemeral loopback ports, delivery to the test's downstream server.
 */
final class GatewayFixture implements AutoCloseable {

    final Path home;
    final Gateway gateway;

    private GatewayFixture(Path home, Gateway gateway) {
        this.home = home;
        this.gateway = gateway;
    }

    static GatewayFixture start(Path home, int downstreamPort, Map<String, String> overrides) throws Exception {
        return start(home, downstreamPort, overrides, confDir());
    }

    /** With the chain configuration ({@code mailetcontainer.xml}) from {@code confDir}. */
    static GatewayFixture start(Path home, int downstreamPort, Map<String, String> overrides, Path confDir)
            throws Exception {
        GatewayConfig config = GatewayConfig.of(settings(home, downstreamPort, overrides), confDir);
        return new GatewayFixture(home, new Gateway(config));
    }

    static GatewayFixture start(Path home, int downstreamPort) throws Exception {
        return start(home, downstreamPort, Map.of());
    }

    static Map<String, String> settings(Path home, int downstreamPort, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("home", home.toString());
        settings.put("smtp.relay.listen", "127.0.0.1:0");
        settings.put("smtp.tls.listen", "127.0.0.1:0");
        settings.put("smtp.feedback.listen", "127.0.0.1:0");
        settings.put("admin.listen", "127.0.0.1:0");
        settings.put("public.listen", "127.0.0.1:0");
        settings.put("smtp.hello-name", "gateway.test");
        settings.put("delivery.smarthost", "127.0.0.1:" + downstreamPort);
        settings.put("delivery.retry-delays", "1s");
        settings.put("plugins.dir", pluginDir().toString());
        settings.put("chain.stage-hold-delay", "1s");
        settings.put("demo.tenant", "false");
        // The shipped rule set by its absolute path, so that tests with a conf folder of their own find it too.
        settings.put("content.rules", confDir().resolve("content-rules.json").toString());
        settings.putAll(overrides);
        return settings;
    }

    /** The relay listener's IPv4 address. */
    InetSocketAddress relay() {
        return gateway.smtpAddresses().get(0).stream().filter(a -> a.getAddress() instanceof java.net.Inet4Address)
                .findFirst().orElseThrow();
    }

    InetSocketAddress implicitTls() {
        return gateway.smtpAddresses().get(1).get(0);
    }

    /** The feedback listener (bounces, complaints), when the test did not turn it off. */
    InetSocketAddress feedback() {
        return gateway.smtpAddresses().get(2).get(0);
    }

    /**
     * A tenant with SMTP credentials, a verified sending domain {@code <name>.test} (attested by
     * the admin, so no DNS is needed) and a complete profile; returns its id.
     */
    String tenant(String name, String username, String password) {
        String id = gateway.tenants().createTenant(name).id();
        gateway.tenants().addCredential(id, username, password);
        gateway.domains().add(id, name + ".test");
        gateway.domains().attest(id, name + ".test", "system test");
        // A complete profile (REQ-4): without it the tenant could not send list mail.
        gateway.profiles().put(id, new io.mailgate.api.TenantProfiles.Profile(name + " Ltd", "1 Test Street, Testville",
                "Test Register", "0001", "+1 555 0100", "contact@" + name + ".test", ""));
        return id;
    }

    /** A session on the relay port after STARTTLS and AUTH PLAIN. */
    SmtpClient authenticated(String username, String password) throws IOException {
        SmtpClient smtp = SmtpClient.connect(relay());
        smtp.read();
        smtp.startTls();
        SmtpClient.Reply auth = smtp.authPlain(username, password);
        if (auth.code() != 235) {
            smtp.close();
            throw new IOException("AUTH as " + username + " failed: " + auth.text());
        }
        return smtp;
    }

    static Path confDir() {
        return requiredPath("mailgate.test.conf");
    }

    static Path pluginDir() {
        return requiredPath("mailgate.test.plugins");
    }

    static Path requiredPath(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.exists(Path.of(value))) {
            throw new IllegalStateException("system property " + property + " must name an existing path (set by the"
                    + " system-tests pom; run the tests with Maven from the project root): " + value);
        }
        return Path.of(value);
    }

    @Override
    public void close() throws IOException {
        gateway.close();
    }
}
