package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.List;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import io.mailgate.core.store.JournalStore;

/** Issue 4, point 1: an authenticated tenant's message passes the plugin stage and arrives downstream. */
class RelayTest extends SystemTest {

    @Test
    void messageShouldPassExampleStageAndArriveDownstreamWhenTenantAuthenticatesOverStartTls() throws Exception {
        String tenantId = start(Map.of());
        Session session = Mails.session("127.0.0.1", fixture.relay().getPort());
        MimeMessage message = Mails.message(session, "news@acme.test", "reader@example.org", "Hello", "First message.");
        Mails.send(session, message, USERNAME, PASSWORD);

        List<SmtpSink.Received> arrived = sink.awaitMessages(1, Duration.ofSeconds(30));
        assertEquals(1, arrived.size(), "one message downstream");
        SmtpSink.Received mail = arrived.get(0);
        assertTrue(mail.sender().matches("bounce\\+[a-z2-7]{30,57}@bounces\\.gateway\\.test"),
                "the gateway's signed return path (VERP), so that bounces come back to it: " + mail.sender());
        assertEquals("Mail", mail.header("Feedback-ID").substring(0, 4), "Feedback-ID names the queue id: " + mail.header("Feedback-ID"));
        assertTrue(mail.header("Feedback-ID").endsWith(":" + tenantId + ":mailgate"), mail.header("Feedback-ID"));
        assertEquals(List.of("reader@example.org"), mail.recipients());
        assertEquals("passed", mail.header("X-Mailgate-Example"), "the example stage's header");
        assertEquals(message.getMessageID(), mail.header("Message-ID"));

        fixture.gateway.journal().flush();
        List<JournalStore.StoredEntry> decisions = fixture.gateway.journal()
                .query(new JournalStore.Filter(tenantId, null, null), null, 10).entries();
        // The stages that passed the mail without a decision: one entry, in the chain's order.
        assertEquals(List.of("ACCEPT passed auth-enforcement, suppression, frequency-cap, content-screening, example,"
                        + " footer-unsubscribe, dkim-sign"),
                decisions.stream().filter(d -> d.entry().stage().equals("stages"))
                        .map(d -> d.entry().verdict() + " " + d.entry().reason()).toList(), decisions.toString());
        assertTrue(fixture.gateway.metrics().render().contains("mailgate_messages_delivered_total 1"),
                fixture.gateway.metrics().render());

        String token = Files.readString(fixture.home.resolve("admin.token")).trim();
        HttpResponse<String> journal = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        fixture.gateway.admin().baseUri().resolve("api/v1/journal?tenant=" + tenantId))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, journal.statusCode(), journal.body());
        assertTrue(journal.body().contains("\"stage\":\"stages\"") && journal.body().contains(tenantId),
                "the journal over REST: " + journal.body());
    }
}
