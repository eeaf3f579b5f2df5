package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.apache.mailet.base.GenericMailet;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.PrototypeServiceFactory;
import org.osgi.framework.ServiceRegistration;

import io.mailgate.api.SmtpCheck;
import io.mailgate.api.StageVerdicts;
import io.mailgate.api.Verdict;
import io.mailgate.core.store.JournalStore;

/**
 * Verdicts, not SMTP codes: a plugin's SmtpCheck and a plugin's chain stage answer with verdicts,
 * and the gateway maps each to the same reply, action and journal entry. The check and the stage
 * here are real OSGi services in the gateway's Felix, found by the same trackers as a plugin's. A
 * check answers only for a stage the chain names: these take the name of the shipped chain's
 * example stage.
 */
class VerdictTest extends SystemTest {

    private static final String CHAINED_STAGE = "example";

    @Test
    void smtpCheckVerdictsShouldBecomeRepliesWithEnhancedStatusAndPolicyId() throws Exception {
        start(Map.of());
        fixture.gateway.plugins().context().registerService(SmtpCheck.class, new SmtpCheck() {
            @Override
            public Verdict onRecipient(Session session, MailAddress sender, MailAddress recipient) {
                return switch (recipient.getLocalPart()) {
                    case "gone" -> Verdict.reject("SUP-1", "unsubscribed");
                    case "later" -> Verdict.defer("SUP-9", "suppression store unavailable");
                    default -> Verdict.accept();
                };
            }
        }, new Hashtable<>(Map.of("mailgate.stage", CHAINED_STAGE)));
        try (SmtpClient smtp = authenticated()) {
            assertEquals(250, smtp.command("MAIL FROM:<news@acme.test>").code());
            SmtpClient.Reply gone = smtp.command("RCPT TO:<gone@example.org>");
            assertEquals(550, gone.code(), gone.text());
            assertEquals("550 5.7.1 <gone@example.org>: Recipient address rejected: unsubscribed (SUP-1)", gone.text());
            SmtpClient.Reply later = smtp.command("RCPT TO:<later@example.org>");
            assertEquals(450, later.code(), later.text());
            assertEquals("4.7.1", later.enhanced());
            assertEquals(250, smtp.command("RCPT TO:<reader@example.org>").code());
        }
    }

    @Test
    void smtpCheckVerdictsAtMailFromAndEndOfDataShouldBeRepliesAndJournalEntries() throws Exception {
        String tenantId = start(Map.of());
        fixture.gateway.plugins().context().registerService(SmtpCheck.class, new SmtpCheck() {
            @Override
            public Verdict onMailFrom(Session session, MailAddress sender) {
                return sender != null && sender.getLocalPart().equals("blocked")
                        ? Verdict.reject("TEST-1", "this sender is blocked by the test check") : Verdict.accept();
            }

            @Override
            public Verdict onMessage(Session session, MailAddress sender, List<MailAddress> recipients,
                                     javax.mail.internet.MimeMessage message) {
                try {
                    String subject = message.getSubject();
                    if ("explode".equals(subject)) {
                        throw new IllegalStateException("a bug in a plugin");
                    }
                    return "refuse me".equals(subject) ? Verdict.reject("TEST-2", "the subject is refused by the test check") : Verdict.accept();
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }
        }, new Hashtable<>(Map.of("mailgate.stage", CHAINED_STAGE)));
        try (SmtpClient smtp = authenticated()) {
            SmtpClient.Reply blocked = smtp.command("MAIL FROM:<blocked@acme.test>");
            assertEquals("553 5.7.1 <blocked@acme.test>: Sender address rejected: this sender is blocked by the test check"
                    + " (TEST-1)", blocked.text());
            assertEquals(250, smtp.command("MAIL FROM:<news@acme.test>").code());
            assertEquals(250, smtp.command("RCPT TO:<reader@example.org>").code());
            assertEquals(354, smtp.command("DATA").code());
            SmtpClient.Reply refused = smtp.command("From: news@acme.test\r\nSubject: refuse me\r\n\r\nbody\r\n.");
            assertEquals("550 5.7.1 Message rejected: the subject is refused by the test check (TEST-2)", refused.text());
            assertEquals(250, smtp.command("MAIL FROM:<news@acme.test>").code());
            assertEquals(250, smtp.command("RCPT TO:<reader@example.org>").code());
            assertEquals(354, smtp.command("DATA").code());
            SmtpClient.Reply failed = smtp.command("From: news@acme.test\r\nSubject: explode\r\n\r\nbody\r\n.");
            assertEquals(450, failed.code(), "a failing check defers, never accepts: " + failed.text());
            assertEquals("4.7.1", failed.enhanced());
        }
        assertTrue(sink.awaitMessages(1, Duration.ofSeconds(3), m -> true).isEmpty(), "nothing refused is delivered");

        fixture.gateway.journal().flush();
        Set<String> journaled = fixture.gateway.journal().query(new JournalStore.Filter(tenantId, null, null), null, 100)
                .entries().stream().filter(e -> e.entry().stage().equals(CHAINED_STAGE))
                .map(e -> e.entry().verdict() + " " + e.entry().policyId() + " " + e.entry().reason())
                .collect(java.util.stream.Collectors.toSet());
        assertEquals(Set.of("REJECT TEST-1 this sender is blocked by the test check",
                "REJECT TEST-2 the subject is refused by the test check", "DEFER  temporary failure of the example check"), journaled);
    }

    @Test
    void stageVerdictsShouldSkipBounceAndQuarantineRecipientsAndBeJournaled() throws Exception {
        Path conf = Files.createDirectories(home.resolve("conf"));
        String chain = Files.readString(GatewayFixture.confDir().resolve("mailetcontainer.xml"));
        Files.writeString(conf.resolve("mailetcontainer.xml"), chain.replace(
                "<mailet match=\"All\" class=\"ToProcessor\">\n        <processor>transport</processor>",
                "<mailet match=\"All\" class=\"stage:decide-by-local-part\"/>\n"
                        + "      <mailet match=\"All\" class=\"ToProcessor\">\n        <processor>transport</processor>"));
        assertTrue(Files.readString(conf.resolve("mailetcontainer.xml")).contains("stage:decide-by-local-part"));
        String tenantId = startHeld(conf);

        Session session = new Session(fixture);
        session.send(List.of("keep@example.org", "skip@example.org", "bounce@example.org", "hold@example.org"));

        // The DSN quotes the original's headers, so messages are told apart by their envelope.
        List<SmtpSink.Received> delivered = sink.awaitMessages(1, Duration.ofSeconds(30),
                m -> !m.sender().isEmpty());
        assertEquals(1, delivered.size(), "one message from the tenant: " + delivered);
        assertEquals(List.of("keep@example.org"), delivered.get(0).recipients(), "only the accepted recipient");
        List<SmtpSink.Received> bounce = sink.awaitMessages(1, Duration.ofSeconds(30),
                m -> m.recipients().contains("news@acme.test"));
        assertEquals(1, bounce.size(), "a bounce for the rejected recipient");
        assertTrue(bounce.get(0).data().contains("bounce@example.org"), bounce.get(0).data());
        assertTrue(bounce.get(0).data().contains("CON-1"), "the bounce names the policy: " + bounce.get(0).data());

        fixture.gateway.journal().flush();
        List<JournalStore.StoredEntry> entries = fixture.gateway.journal()
                .query(new JournalStore.Filter(tenantId, null, null), null, 100).entries();
        // Recipient decisions only: the DSN passes the stage too, and is accepted as a whole message.
        Set<String> journaled = entries.stream().filter(e -> e.entry().stage().equals("decide-by-local-part"))
                .filter(e -> !e.entry().recipient().isEmpty())
                .map(e -> e.entry().recipient() + " " + e.entry().verdict() + " " + e.entry().policyId())
                .collect(java.util.stream.Collectors.toSet());
        assertEquals(Set.of("skip@example.org SKIP_RECIPIENT CAP-4", "bounce@example.org REJECT CON-1",
                "hold@example.org QUARANTINE CON-2"), journaled);
        try (var kept = Files.list(fixture.home.resolve("mail/quarantine"))) {
            assertTrue(kept.anyMatch(file -> file.getFileName().toString().endsWith(".FileStreamStore")),
                    "the quarantined message is kept on disk for an admin");
        }
    }

    /** Starts the gateway with the stage not yet offered, then offers it: mail waits until then. */
    private String startHeld(Path conf) throws Exception {
        String tenantId = start(Map.of(), conf);
        fixture.gateway.plugins().context().registerService(Mailet.class.getName(),
                new PrototypeServiceFactory<Mailet>() {
                    @Override
                    public Mailet getService(Bundle bundle, ServiceRegistration<Mailet> registration) {
                        return new DecideByLocalPart();
                    }

                    @Override
                    public void ungetService(Bundle bundle, ServiceRegistration<Mailet> registration, Mailet service) {
                    }
                }, new Hashtable<>(Map.of("mailgate.stage", "decide-by-local-part")));
        return tenantId;
    }

    /** A stage that decides by the recipient's local part, as a policy plugin would by its rules. */
    static final class DecideByLocalPart extends GenericMailet {
        @Override
        public void service(Mail mail) throws MessagingException {
            for (MailAddress recipient : mail.getRecipients()) {
                switch (recipient.getLocalPart()) {
                    case "skip" -> StageVerdicts.decide(mail, recipient,
                            Verdict.skipRecipient("CAP-4", "Sending is restricted by the policy applied"));
                    case "bounce" -> StageVerdicts.decide(mail, recipient, Verdict.reject("CON-1", "prohibited content"));
                    case "hold" -> StageVerdicts.decide(mail, recipient, Verdict.quarantine("CON-2", "high-risk topic"));
                    default -> {
                    }
                }
            }
        }
    }

    /** One message with several recipients, over STARTTLS and AUTH. */
    private record Session(GatewayFixture fixture) {
        void send(List<String> recipients) throws Exception {
            try (SmtpClient smtp = fixture.authenticated(USERNAME, PASSWORD)) {
                assertEquals(250, smtp.command("MAIL FROM:<news@acme.test>").code());
                for (String recipient : recipients) {
                    assertEquals(250, smtp.command("RCPT TO:<" + recipient + ">").code());
                }
                assertEquals(354, smtp.command("DATA").code());
                assertEquals(250, smtp.command("From: news@acme.test\r\nSubject: verdicts\r\n\r\nbody\r\n.").code());
            }
        }
    }
}
