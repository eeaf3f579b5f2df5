package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mailgate.api.TenantDirectory.Status;

/**
 * Issue 4, point 2: the open-relay matrix (POLICY.md AUTH-1, REP-3). Every way in that is not an
 * active tenant's is refused with the right code, and nothing reaches the next hop.
 */
class OpenRelayTest extends SystemTest {

    @BeforeEach
    void start() throws Exception {
        start(Map.of());
    }

    @Test
    void recipientShouldBeRefusedWhenClientDoesNotAuthenticate() throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(fixture.relay())) {
            smtp.read();
            smtp.command("EHLO client.test");
            assertEquals(250, smtp.command("MAIL FROM:<news@acme.test>").code());
            assertRelayDenied(smtp.command("RCPT TO:<victim@example.org>"));
        }
        assertNothingDelivered();
    }

    @Test
    void authShouldFailAndRelayBeRefusedWhenPasswordIsWrong() throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(fixture.relay())) {
            smtp.read();
            assertEquals(250, smtp.startTls().code());
            SmtpClient.Reply auth = smtp.authPlain(USERNAME, "wrong password");
            assertEquals(535, auth.code(), auth.text());
            assertEquals("5.7.8", auth.enhanced());
            smtp.command("MAIL FROM:<news@acme.test>");
            assertRelayDenied(smtp.command("RCPT TO:<victim@example.org>"));
        }
        assertNothingDelivered();
    }

    @Test
    void authShouldBeRefusedBeforeStartTls() throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(fixture.relay())) {
            smtp.read();
            SmtpClient.Reply ehlo = smtp.command("EHLO client.test");
            assertTrue(!ehlo.text().contains("AUTH"), "AUTH is not offered before TLS: " + ehlo.text());
            SmtpClient.Reply auth = smtp.authPlain(USERNAME, PASSWORD);
            assertEquals(530, auth.code(), auth.text());
            assertEquals("5.7.0", auth.enhanced());
            smtp.command("MAIL FROM:<news@acme.test>");
            assertRelayDenied(smtp.command("RCPT TO:<victim@example.org>"));
        }
        assertNothingDelivered();
    }

    @Test
    void relayShouldBeRefusedWhenClientIsOutsideTheTenantsSourceNetworks() throws Exception {
        String id = fixture.gateway.tenants().createTenant("netco").id();
        fixture.gateway.tenants().addNetwork(id, "192.0.2.0/24");
        fixture.gateway.tenants().addNetwork(id, "2001:db8::/32");
        try (SmtpClient smtp = SmtpClient.connect(fixture.relay())) {
            smtp.read();
            smtp.command("EHLO client.test");
            smtp.command("MAIL FROM:<news@netco.test>");
            assertRelayDenied(smtp.command("RCPT TO:<victim@example.org>"));
        }
        assertNothingDelivered();
    }

    @Test
    void mailFromShouldBeRefusedWithTheReasonWhenTenantIsSuspendedOrDisabled() throws Exception {
        String id = fixture.gateway.tenants().listTenants().get(0).id();
        for (Status status : new Status[] {Status.SUSPENDED, Status.DISABLED}) {
            fixture.gateway.tenants().setStatus(id, status, "complaint rate 0.4% over 0.2%");
            try (SmtpClient smtp = SmtpClient.connect(fixture.relay())) {
                smtp.read();
                smtp.startTls();
                assertEquals(235, smtp.authPlain(USERNAME, PASSWORD).code());
                SmtpClient.Reply mail = smtp.command("MAIL FROM:<news@acme.test>");
                assertEquals(554, mail.code(), mail.text());
                assertEquals("5.7.1", mail.enhanced());
                assertTrue(mail.text().contains(status.name().toLowerCase()) && mail.text().contains("complaint rate 0.4%")
                        && mail.text().contains("REP-3"), mail.text());
            }
        }
        assertNothingDelivered();
    }

    @Test
    void routingTricksShouldBeRefusedWithoutAuthentication() throws Exception {
        String[] tricks = {
            "<victim%other.example@gateway.test>",
            "<@gateway.test:victim@example.org>",
            "<\"victim@example.org\"@gateway.test>",
            "<victim@example.org@gateway.test>",
            "<victim!example.org@gateway.test>",
        };
        try (SmtpClient smtp = SmtpClient.connect(fixture.relay())) {
            smtp.read();
            smtp.command("EHLO client.test");
            smtp.command("MAIL FROM:<someone@example.net>");
            for (String trick : tricks) {
                SmtpClient.Reply reply = smtp.command("RCPT TO:" + trick);
                assertTrue(reply.code() >= 500, trick + " -> " + reply.text());
                assertTrue(reply.enhanced().startsWith("5."), trick + " -> " + reply.text());
            }
        }
        assertNothingDelivered();
    }

    @Test
    void routingTricksShouldBeRefusedForAnAuthenticatedTenant() throws Exception {
        try (SmtpClient smtp = authenticated()) {
            smtp.command("MAIL FROM:<news@acme.test>");
            for (String trick : new String[] {"<victim%other.example@example.org>", "<\"victim@other.example\"@example.org>",
                "<victim!other.example@example.org>"}) {
                SmtpClient.Reply reply = smtp.command("RCPT TO:" + trick);
                assertEquals(554, reply.code(), trick + " -> " + reply.text());
                assertEquals("5.7.1", reply.enhanced());
            }
        }
        assertNothingDelivered();
    }

    private static void assertRelayDenied(SmtpClient.Reply reply) {
        assertEquals(554, reply.code(), reply.text());
        assertEquals("5.7.1", reply.enhanced());
        assertTrue(reply.text().contains("Relay access denied"), reply.text());
    }

    private void assertNothingDelivered() throws Exception {
        Await.queueEmpty(fixture);
        assertTrue(sink.received().isEmpty(), "nothing may reach the next hop");
    }
}
