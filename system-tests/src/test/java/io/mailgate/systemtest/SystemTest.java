package io.mailgate.systemtest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What most system tests share: a downstream SMTP server, a gateway relaying to it, and a tenant
 * "acme" ({@value #USERNAME}, {@link #PASSWORD}) with the sending domain acme.test.
 */
abstract class SystemTest {

    static final String USERNAME = "acme-app";
    static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path home;
    SmtpSink sink;
    GatewayFixture fixture;

    /** Starts the sink and the gateway with these settings over the test defaults; returns the tenant's id. */
    String start(Map<String, String> overrides) throws Exception {
        return start(overrides, GatewayFixture.confDir());
    }

    /** The same, with the chain configuration from {@code confDir}. */
    String start(Map<String, String> overrides, Path confDir) throws Exception {
        sink = SmtpSink.start();
        fixture = GatewayFixture.start(home.resolve("gateway"), sink.port(), overrides, confDir);
        return fixture.tenant("acme", USERNAME, PASSWORD);
    }

    @AfterEach
    void stopGateway() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    /** A session on the relay port after STARTTLS and AUTH as the acme tenant. */
    SmtpClient authenticated() throws IOException {
        return fixture.authenticated(USERNAME, PASSWORD);
    }
}
