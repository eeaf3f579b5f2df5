package io.mailgate.systemtest;

import static io.mailgate.systemtest.TestZone.txt;
import static io.mailgate.systemtest.TestZone.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.mailgate.core.store.JournalStore;

/**
 * Issue 6, points 3 and 4, through a running gateway with the default chain and a real DNS server
 * (dnsmasq on 127.0.0.58:53): a domain onboarded over REST and verified against its published
 * records; a message relayed as it arrives downstream with two DKIM signatures that dkimpy accepts
 * with the keys it reads from that DNS server, and fails once one body byte changes; then the
 * refusals of AUTH-2, AUTH-5 and AUTH-7, each with its code and reason and in the journal.
 */
class SenderAuthTest extends SystemTest {

    private static final InetAddress DNS = loopback("127.0.0.58");

    @Test
    void relayedMailShouldCarryVerifiableSignaturesAndForeignOrMisalignedSendersBeRefused() throws Exception {
        String tenantId = start(Map.of("dns.resolvers", DNS.getHostAddress(), "delivery.sending-ips", "192.0.2.10",
                "domains.dns-timeout", "2s"));
        String domains = "/api/v1/tenants/" + tenantId + "/domains";
        JsonNode shop = AdminApi.json(fixture, "POST", domains, "{\"domain\":\"Shop.TEST.\"}", 201);
        AdminApi.json(fixture, "POST", domains, "{\"domain\":\"pending.test\"}", 201);
        Path dnsLog = Files.createDirectories(home.resolve("dns")).resolve("dnsmasq.log");
        try (DnsServer dns = DnsServer.start(DNS, zone(records(shop, "v=DMARC1; p=quarantine; adkim=s")), dnsLog)) {
            JsonNode verified = AdminApi.json(fixture, "POST", domains + "/shop.test/verify", null, 200);
            assertTrue(verified.get("verified").asBoolean(), verified.toString());

            // A message as news@shop.test: both signatures verify with the published keys.
            try (SmtpClient smtp = authenticated()) {
                send(smtp, "news@shop.test", "news@shop.test", "reader@example.org", "Weekly", "Dear reader,\r\nour news.");
            }
            SmtpSink.Received arrived = sink.awaitMessages(1, Duration.ofSeconds(30)).get(0);
            byte[] signed = arrived.data().getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(List.of("rsa-sha256 pass", "ed25519-sha256 pass"), Dkimpy.verify(home, DNS, signed));
            String text = arrived.data();
            int body = text.indexOf("our news.");
            byte[] altered = (text.substring(0, body) + "Our news." + text.substring(body + 9)).getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(List.of("rsa-sha256 fail", "ed25519-sha256 fail"), Dkimpy.verify(home, DNS, altered));

            try (SmtpClient smtp = authenticated()) {
                // AUTH-2: an envelope sender of another domain, and of a domain not verified yet.
                assertEquals("553 5.7.1 <news@foreign.test>: Sender address rejected: the envelope sender domain"
                        + " foreign.test is not a sending domain of this tenant (AUTH-2)",
                        smtp.command("MAIL FROM:<news@foreign.test>").text());
                SmtpClient.Reply pending = smtp.command("MAIL FROM:<news@pending.test>");
                assertEquals(553, pending.code(), pending.text());
                assertTrue(pending.text().contains("pending.test is not verified") && pending.text().endsWith("(AUTH-2)"),
                        pending.text());

                // AUTH-2: a From of another domain; AUTH-5: a subdomain From under adkim=s.
                SmtpClient.Reply foreignFrom = send(smtp, "news@shop.test", "news@foreign.test", "reader@example.org", "Hi", "x");
                assertEquals(550, foreignFrom.code(), foreignFrom.text());
                assertTrue(foreignFrom.text().contains("foreign.test") && foreignFrom.text().endsWith("(AUTH-2)"), foreignFrom.text());
                SmtpClient.Reply misaligned = send(smtp, "news@shop.test", "news@promo.shop.test", "reader@example.org", "Hi", "y");
                assertEquals(550, misaligned.code(), misaligned.text());
                assertTrue(misaligned.text().contains("adkim=s") && misaligned.text().endsWith("(AUTH-5)"), misaligned.text());

                // AUTH-7: the same message to the same recipient, first as acme.test, then as shop.test.
                assertEquals(250, send(smtp, "news@acme.test", "news@acme.test", "twice@example.org", "Offer", "Same text.").code());
                SmtpClient.Reply twice = send(smtp, "news@shop.test", "news@shop.test", "twice@example.org", "Offer", "Same text.");
                assertEquals(550, twice.code(), twice.text());
                assertTrue(twice.text().contains("acme.test") && twice.text().endsWith("(AUTH-7)"), twice.text());
            }
        }

        fixture.gateway.journal().flush();
        Set<String> journaled = fixture.gateway.journal().query(new JournalStore.Filter(tenantId, null, null), null, 100)
                .entries().stream().map(JournalStore.StoredEntry::entry)
                .filter(e -> e.stage().equals("auth-enforcement") && !e.policyId().isEmpty())
                .map(e -> e.verdict() + " " + e.policyId()).collect(Collectors.toSet());
        assertEquals(Set.of("REJECT AUTH-2", "REJECT AUTH-5", "REJECT AUTH-7"), journaled);
        assertEquals(5, fixture.gateway.journal().query(new JournalStore.Filter(tenantId, null, null), null, 100)
                .entries().stream().filter(e -> e.entry().stage().equals("auth-enforcement") && !e.entry().policyId().isEmpty()).count(),
                "five refusals: two envelope senders, a foreign From, a misaligned From, a second domain");
    }

    /** Everything the domain asks to publish, with the DMARC record given. */
    static String[] records(JsonNode domain, String dmarc) {
        List<String> options = new java.util.ArrayList<>();
        for (JsonNode record : domain.get("records")) {
            if (!record.get("type").asText().equals("TXT")) {
                continue;
            }
            String name = record.get("name").asText();
            options.add(txt(name, name.startsWith("_dmarc.") ? dmarc : record.get("value").asText()));
        }
        options.add("--mx-host=shop.test,mx.shop.test,10");
        return options.toArray(String[]::new);
    }

    private static SmtpClient.Reply send(SmtpClient smtp, String sender, String from, String recipient, String subject,
                                         String body) throws Exception {
        assertEquals(250, smtp.command("MAIL FROM:<" + sender + ">").code());
        assertEquals(250, smtp.command("RCPT TO:<" + recipient + ">").code());
        assertEquals(354, smtp.command("DATA").code());
        return smtp.command("From: " + from + "\r\nTo: " + recipient + "\r\nSubject: " + subject + "\r\n\r\n" + body + "\r\n.");
    }

    private static InetAddress loopback(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
