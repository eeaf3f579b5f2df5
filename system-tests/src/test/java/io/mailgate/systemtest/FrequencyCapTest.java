package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.mailgate.core.store.JournalStore;

/**
 * Issue 7, point 2, through a running gateway: a tenant's policy of 2 messages in 1 day per
 * recipient, made over REST with the tenant's master token; the third message is skipped for the
 * capped recipient only, and the journal says "Sending is restricted by the policy applied" (CAP-4).
 * A tenant-user token may not make policies (CAP-5). The day window itself is tested with a moved
 * clock in the plugin's and the counters' unit tests.
 */
class FrequencyCapTest extends SystemTest {

    @Test
    void theThirdMessageInADayShouldBeSkippedForTheCappedRecipientOnly() throws Exception {
        String tenantId = start(Map.of());
        String master = AdminApi.tenantToken(fixture, tenantId, "tenant-master");
        String user = AdminApi.tenantToken(fixture, tenantId, "tenant-user");
        String policy = "{\"scope\":\"account\",\"kinds\":[\"recipient\"],\"maxMessages\":2,\"periodDays\":1}";
        assertEquals(403, rest(user, "POST", "/api/v1/tenants/" + tenantId + "/sending-policies", policy).statusCode(),
                "CAP-5: only a master token or an admin makes policies");
        HttpResponse<String> created = rest(master, "POST", "/api/v1/tenants/" + tenantId + "/sending-policies", policy);
        assertEquals(201, created.statusCode(), created.body());

        send("One", "ann@example.org");
        send("Two", "ann@example.org");
        send("Three", "ann@example.org", "bob@example.org");

        List<SmtpSink.Received> arrived = sink.awaitMessages(3, Duration.ofSeconds(30));
        assertEquals(3, arrived.size());
        assertEquals(List.of("bob@example.org"), arrived.stream().filter(m -> m.header("Subject").equals("Three"))
                .findFirst().orElseThrow().recipients(), "the third goes to bob only");

        fixture.gateway.journal().flush();
        List<JournalStore.StoredEntry> capped = fixture.gateway.journal()
                .query(new JournalStore.Filter(tenantId, null, "ann@example.org"), null, 100).entries().stream()
                .filter(e -> e.entry().policyId().equals("CAP-4")).toList();
        assertEquals(1, capped.size());
        assertEquals("Sending is restricted by the policy applied", capped.get(0).entry().reason());
        assertEquals(Set.of("frequency-cap"), Set.of(capped.get(0).entry().stage()));
    }

    private void send(String subject, String... recipients) throws Exception {
        try (SmtpClient smtp = authenticated()) {
            assertEquals(250, smtp.command("MAIL FROM:<news@acme.test>").code());
            for (String recipient : recipients) {
                assertEquals(250, smtp.command("RCPT TO:<" + recipient + ">").code());
            }
            assertEquals(354, smtp.command("DATA").code());
            assertEquals(250, smtp.command("From: news@acme.test\r\nSubject: " + subject + "\r\n\r\nHello.\r\n.").code());
        }
        // One at a time, so that the counts are in order.
        sink.awaitMessages(1, Duration.ofSeconds(30), m -> m.header("Subject").equals(subject));
    }

    private HttpResponse<String> rest(String token, String method, String path, String json) throws Exception {
        return AdminApi.callAs(fixture, token, method, path, "application/json", json);
    }
}
