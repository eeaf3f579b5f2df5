package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.mailgate.api.TenantDirectory.Status;
import io.mailgate.plugin.rbl.Rbldnsd;

/**
 * Issue 10, point 1 (REP-1, REP-3): a real rbldnsd on 127.0.0.59 serves an IP list and a domain
 * list with the RFC 5782 test entries; the gateway's rbl-monitor bundle checks every second.
 * Listing the tenant's domain suspends it and its next message is refused with the reason;
 * delisting and an admin's lift let it send again. A "query refused" answer is an alert, not a
 * listing; a list that lists its negative test entry is disabled; a listed sending IP is an alert.
 */
class RblMonitorTest extends SystemTest {

    private static final String IP_ZONE = ":127.0.0.2:Listed, see https://ip.test/$\n127.0.0.2\n192.0.2.99\n";
    private static final String DOMAINS = ":127.0.1.2:Domain listed\ntest\nbeta.test :127.255.255.254:Query refused\n";

    private Rbldnsd rbldnsd;

    @AfterEach
    void stopRbldnsd() throws Exception {
        if (rbldnsd != null) {
            rbldnsd.close();
        }
    }

    @Test
    void aListedDomainSuspendsTheTenantUntilDelistedAndLifted() throws Exception {
        Path zones = Files.createDirectories(home.resolve("zones"));
        rbldnsd = Rbldnsd.start(zones, "127.0.0.59", List.of("ip.test:ip4set:ip.zone", "dbl.test:dnset:dom.zone",
                "broken.test:dnset:broken.zone"), "ip.zone", IP_ZONE, "dom.zone", DOMAINS, "broken.zone", "test\ninvalid\n");
        String resolver = "127.0.0.59:" + rbldnsd.address().getPort();
        String tenantId = start(Map.of("rbl.ip-lists", "ip.test", "rbl.domain-lists", "dbl.test, broken.test",
                "rbl.resolvers", resolver, "rbl.interval", "1s", "rbl.timeout", "1s",
                "delivery.sending-ips", "192.0.2.99"));
        String betaId = fixture.tenant("beta", "beta-app", PASSWORD);

        send("News 1");
        // A round since beta exists has run (rounds run every second, the first at start): the sending
        // IP's listing, the refused query and the broken list are alerts.
        await(() -> rest("GET", "/api/v1/blocklists", "").body().contains("refused the query"));
        String overview = rest("GET", "/api/v1/blocklists", "").body();
        assertTrue(overview.contains("the gateway's sending IP 192.0.2.99 is listed on ip.test"), overview);
        assertTrue(overview.contains("\"list\":\"dbl.test\",\"subject\":\"beta.test\",\"what\":\"the list refused the query (127.255.255.254)"), overview);
        assertTrue(overview.contains("\"list\":\"broken.test\",\"subject\":\"INVALID\",\"what\":\"the list lists its RFC 5782 negative test entry INVALID"), overview);
        assertEquals(Status.ACTIVE, fixture.gateway.tenants().tenant(betaId).orElseThrow().status(), "refused is no listing");
        assertEquals(Status.ACTIVE, fixture.gateway.tenants().tenant(tenantId).orElseThrow().status());

        rbldnsd.rewrite("dom.zone", DOMAINS + "acme.test\n");
        await(() -> fixture.gateway.tenants().tenant(tenantId).orElseThrow().status() == Status.SUSPENDED);
        try (SmtpClient smtp = authenticated()) {
            SmtpClient.Reply refused = smtp.command("MAIL FROM:<news@acme.test>");
            assertTrue(refused.text().startsWith("554 5.7.1 <news@acme.test>: Sender address rejected: tenant suspended: "
                    + "sending domain acme.test is listed on dbl.test (127.0.1.2: Domain listed) (case 1; explain by "), refused.text());
            assertTrue(refused.text().endsWith("(REP-3)"), refused.text());
        }
        String reputation = rest("GET", "/api/v1/tenants/" + tenantId + "/reputation", "").body();
        assertTrue(reputation.contains("\"status\":\"suspended\"") && reputation.contains("\"policy\":\"REP-1\""), reputation);

        // Lifting needs a note; then delisting and the lift let the tenant send again.
        HttpResponse<String> noNote = rest("POST", "/api/v1/tenants/" + tenantId + "/reputation/lift", "{}");
        assertEquals(422, noNote.statusCode(), noNote.body());
        assertTrue(noNote.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        rbldnsd.rewrite("dom.zone", DOMAINS);
        await(() -> rest("GET", "/api/v1/blocklists", "").body().matches("(?s).*\"subject\":\"acme.test\",[^}]*\"delistedAt\":\"20.*"));
        HttpResponse<String> lifted = rest("POST", "/api/v1/tenants/" + tenantId + "/reputation/lift",
                "{\"note\":\"delisted by dbl.test after the compromised form was fixed\"}");
        assertEquals(200, lifted.statusCode(), lifted.body());
        assertTrue(lifted.body().contains("\"outcome\":\"lifted\""), lifted.body());
        send("News 2"); // another content: SUP-8 skips the same message twice
        // The tenant's mail only: the suspension notice to its profile contact arrives at the sink too.
        assertEquals(2, sink.awaitMessages(2, Duration.ofSeconds(30), m -> m.recipients().contains("reader@example.org")).size());
        assertEquals(Status.ACTIVE, fixture.gateway.tenants().tenant(tenantId).orElseThrow().status(),
                "a later round does not suspend again");
    }

    private void send(String subject) throws Exception {
        try (SmtpClient smtp = authenticated()) {
            SmtpClient.Reply mail = smtp.command("MAIL FROM:<news@acme.test>");
            assertEquals(250, mail.code(), mail.text());
            assertEquals(250, smtp.command("RCPT TO:<reader@example.org>").code());
            assertEquals(354, smtp.command("DATA").code());
            assertEquals(250, smtp.command("From: news@acme.test\r\nSubject: " + subject + "\r\n\r\nThis week.\r\n.").code());
        }
    }

    private static void await(BooleanSupplier condition) throws Exception {
        assertTrue(Await.until(Await.TIMEOUT, condition::getAsBoolean), "not within " + Await.TIMEOUT);
    }

    HttpResponse<String> rest(String method, String path, String json) {
        try {
            return AdminApi.call(fixture, method, path, "application/json", json.isEmpty() ? null : json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
