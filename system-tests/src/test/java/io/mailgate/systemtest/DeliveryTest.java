package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.List;

import javax.mail.Session;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery (the gateway's SmtpDelivery) to the smart host: connections are kept and reused, each
 * recipient has its own outcome, a temporary failure is retried on the schedule, a permanent one is
 * bounced (a DSN) to the envelope sender.
 */
class DeliveryTest extends SystemTest {

    Session session;

    @BeforeEach
    void start() throws Exception {
        start(Map.of());
        session = Mails.session("127.0.0.1", fixture.relay().getPort());
    }

    @Test
    void temporaryFailureShouldBeRetriedUntilTheNextHopAccepts() throws Exception {
        sink.replyToRecipient("slow@example.org", "451 4.3.0 Try again later", "451 4.3.0 Try again later");
        Mails.send(session, Mails.message(session, "news@acme.test", "slow@example.org", "Retry me", "body"),
                USERNAME, PASSWORD);

        List<SmtpSink.Received> arrived = sink.awaitMessages(1, Duration.ofSeconds(60),
                m -> m.recipients().contains("slow@example.org"));
        assertEquals(1, arrived.size(), "delivered after two temporary failures");
        String metrics = fixture.gateway.metrics().render();
        assertTrue(metrics.contains("mailgate_messages_deferred_total 2"), metrics);
        assertTrue(metrics.contains("mailgate_messages_bounced_total 0"), metrics);
    }

    @Test
    void permanentFailureShouldBounceADsnToTheEnvelopeSender() throws Exception {
        sink.replyToRecipient("gone@example.org", "550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown");
        Mails.send(session, Mails.message(session, "news@acme.test", "gone@example.org", "Nobody home", "body"),
                USERNAME, PASSWORD);

        List<SmtpSink.Received> bounces = sink.awaitMessages(1, Duration.ofSeconds(60),
                m -> m.recipients().contains("news@acme.test"));
        assertEquals(1, bounces.size(), "a bounce to the sender");
        SmtpSink.Received dsn = bounces.get(0);
        assertEquals("", dsn.sender(), "a bounce has the null reverse path");
        assertTrue(dsn.header("Content-Type").contains("multipart/report"), dsn.headers());
        assertTrue(dsn.data().contains("gone@example.org") && dsn.data().contains("5.1.1"), dsn.data());
        assertTrue(sink.received().stream().noneMatch(m -> m.recipients().contains("gone@example.org")));
        assertTrue(fixture.gateway.metrics().render().contains("mailgate_messages_bounced_total 1"));

        // The next hop's refusal counts like a DSN (SUP-2): the address is on the gateway-wide list now.
        assertEquals(io.mailgate.api.Suppressions.Reason.HARD_BOUNCE,
                fixture.gateway.suppressions().find("", "", "gone@example.org").orElseThrow().reason());
        assertTrue(fixture.gateway.metrics().render().contains("mailgate_feedback_total{kind=\"hard_bounce\"} 1"));
    }

    @Test
    void aBurstShouldTravelOverAFewKeptConnections() throws Exception {
        int messages = 40;
        try (javax.mail.Transport transport = session.getTransport("smtp")) {
            transport.connect(USERNAME, PASSWORD);
            for (int i = 0; i < messages; i++) {
                javax.mail.internet.MimeMessage message = Mails.message(session, "news@acme.test",
                        "reader" + i + "@example.org", "Burst " + i, "body " + i);
                transport.sendMessage(message, message.getAllRecipients());
            }
        }
        assertEquals(messages, sink.awaitMessages(messages, Duration.ofSeconds(60)).size());
        // One connection per spool thread at most (spool.threads, 4 by default), not one per message.
        assertTrue(sink.connections() <= 4, "connections: " + sink.connections());
        assertTrue(fixture.gateway.metrics().render().contains("mailgate_messages_delivered_total " + messages));
    }

    @Test
    void aKeptConnectionTheHopDroppedShouldBeReplacedWithoutADeferral() throws Exception {
        sink.hangUpAfterEachMessage();
        for (int i = 0; i < 3; i++) {
            Mails.send(session, Mails.message(session, "news@acme.test", "reader" + i + "@example.org", "Drop " + i, "body"),
                    USERNAME, PASSWORD);
            assertEquals(i + 1, sink.awaitMessages(i + 1, Duration.ofSeconds(30)).size());
        }
        String metrics = fixture.gateway.metrics().render();
        assertTrue(metrics.contains("mailgate_messages_deferred_total 0"), metrics);
        assertEquals(3, sink.connections());
    }

    @Test
    void eachRecipientShouldHaveItsOwnOutcome() throws Exception {
        sink.replyToRecipient("gone@example.org", "550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown");
        sink.replyToRecipient("slow@example.org", "451 4.3.0 Try again later");
        javax.mail.internet.MimeMessage message = Mails.message(session, "news@acme.test", "ok@example.org", "Mixed", "body");
        message.setRecipients(javax.mail.Message.RecipientType.TO,
                "ok@example.org, gone@example.org, slow@example.org");
        Mails.send(session, message, USERNAME, PASSWORD);

        java.util.function.Predicate<SmtpSink.Received> original =
                m -> m.data().contains("Subject: Mixed") && !m.recipients().contains("news@acme.test");
        List<SmtpSink.Received> first = sink.awaitMessages(1, Duration.ofSeconds(30), original);
        assertEquals(List.of("ok@example.org"), first.get(0).recipients(), "delivered at once, without the others");
        List<SmtpSink.Received> dsn = sink.awaitMessages(1, Duration.ofSeconds(30), m -> m.recipients().contains("news@acme.test"));
        String report = dsn.get(0).data();
        assertTrue(report.contains("Final-Recipient: rfc822; gone@example.org"), report);
        assertTrue(!report.contains("Final-Recipient: rfc822; slow@example.org")
                && !report.contains("Final-Recipient: rfc822; ok@example.org"), report);
        List<SmtpSink.Received> retried = sink.awaitMessages(2, Duration.ofSeconds(60), original);
        assertEquals(List.of("slow@example.org"), retried.get(1).recipients(), "retried alone");
        assertEquals(2, sink.received().stream().filter(original).count());
    }
}
