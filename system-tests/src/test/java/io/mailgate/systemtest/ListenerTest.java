package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The listeners and the session limits: implicit TLS, IPv6, a tenant known by its source
 * network, connections per client address, and the lockout after repeated AUTH failures.
 */
class ListenerTest extends SystemTest {

    @Test
    void messageShouldBeRelayedOverImplicitTlsAndOverIpv6() throws Exception {
        start(Map.of("smtp.relay.listen", "127.0.0.1:0,[::1]:0"));
        SmtpClient tls = SmtpClient.connectTls(fixture.implicitTls());
        assertEquals(220, tls.read().code());
        assertTrue(tls.command("EHLO client.test").text().contains("AUTH"), "AUTH is offered at once over TLS");
        send(tls, "over implicit TLS");
        List<InetSocketAddress> relay = fixture.gateway.smtpAddresses().get(0);
        InetSocketAddress v6 = relay.stream().filter(a -> a.getAddress() instanceof Inet6Address).findFirst()
                .orElseThrow(() -> new AssertionError("no IPv6 relay address in " + relay));
        SmtpClient plain = SmtpClient.connect(v6);
        plain.read();
        plain.startTls();
        send(plain, "over IPv6");
        assertEquals(2, sink.awaitMessages(2, Duration.ofSeconds(30)).size());
    }

    @Test
    void clientInATenantsSourceNetworkShouldRelayWithoutAuth() throws Exception {
        start(Map.of());
        String id = fixture.gateway.tenants().createTenant("netco").id();
        fixture.gateway.tenants().addNetwork(id, "127.0.0.0/8");
        fixture.gateway.domains().add(id, "netco.test");
        fixture.gateway.domains().attest(id, "netco.test", "system test");
        try (SmtpClient smtp = SmtpClient.connect(fixture.relay())) {
            smtp.read();
            smtp.command("EHLO app.netco.test");
            assertEquals(250, smtp.command("MAIL FROM:<billing@netco.test>").code());
            assertEquals(250, smtp.command("RCPT TO:<customer@example.org>").code());
            assertEquals(354, smtp.command("DATA").code());
            assertEquals(250, smtp.command("From: billing@netco.test\r\nSubject: by network\r\n\r\nno password\r\n.").code());
        }
        assertEquals(1, sink.awaitMessages(1, Duration.ofSeconds(30)).size());
    }

    @Test
    void connectionsOverThePerAddressLimitShouldBeRefused() throws Exception {
        start(Map.of("smtp.connection-limit-per-ip", "2"));
        List<SmtpClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                SmtpClient client = SmtpClient.connect(fixture.relay());
                assertEquals(220, client.read().code());
                open.add(client);
            }
            SmtpClient third = SmtpClient.connect(fixture.relay());
            open.add(third);
            third.setReadTimeout(Duration.ofSeconds(5));
            assertTrue(third.isClosedByServer(), "the third connection from one address is closed at once");
        } finally {
            for (SmtpClient client : open) {
                client.close();
            }
        }
    }

    @Test
    void authShouldBeLockedOutAfterRepeatedFailures() throws Exception {
        start(Map.of("smtp.auth.max-failures", "3", "smtp.auth.lockout", "10m"));
        try (SmtpClient smtp = SmtpClient.connect(fixture.relay())) {
            smtp.read();
            smtp.startTls();
            for (int i = 0; i < 3; i++) {
                assertEquals(535, smtp.authPlain(USERNAME, "guess " + i).code());
            }
            SmtpClient.Reply locked = smtp.authPlain(USERNAME, PASSWORD);
            assertEquals(454, locked.code(), "even the right password is refused during the lockout: " + locked.text());
            assertEquals("4.7.0", locked.enhanced());
        }
    }

    private static void send(SmtpClient smtp, String subject) throws IOException {
        try (smtp) {
            assertEquals(235, smtp.authPlain(USERNAME, PASSWORD).code());
            assertEquals(250, smtp.command("MAIL FROM:<news@acme.test>").code());
            assertEquals(250, smtp.command("RCPT TO:<reader@example.org>").code());
            assertEquals(354, smtp.command("DATA").code());
            assertEquals(250, smtp.command("From: news@acme.test\r\nSubject: " + subject + "\r\n\r\nbody\r\n.").code());
        }
    }
}
