package io.mailgate.systemtest;

import static io.mailgate.systemtest.TestZone.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.internet.MimeUtility;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.mailgate.api.Suppressions;
import io.mailgate.core.store.JournalStore;

/**
 * Issue 9, point 1, through a running gateway with the default chain and a real DNS server
 * (dnsmasq on 127.0.0.69:53): list mail to two recipients arrives as two messages, each with its own
 * unsubscribe link in the footer of both alternatives and in List-Unsubscribe; dkimpy verifies both
 * signatures, which cover List-Unsubscribe; a GET of the link changes nothing, the one-click POST
 * suppresses the recipient for the list, and the next list message skips it (SUP-1). Then point 5's
 * incomplete profile: bulk mail refused with the missing fields, other mail passes.
 */
class FooterUnsubscribeTest extends SystemTest {

    private static final InetAddress DNS = loopback("127.0.0.69");
    // The https link, its token, and the mailto link's address and token (in the subject: RFC 5321 local parts are short).
    private static final Pattern LINK = Pattern.compile(
            "<(http://[^>]+/u/([a-z2-7]+))>,\\s*<mailto:(unsubscribe@[^?>]+)\\?subject=unsubscribe%20([a-z2-7]+)>");
    static final String PROFILE = "{\"company\":\"Shop Ltd\",\"address\":\"1 High Street\\nLondon\",\"registerName\":"
            + "\"Companies House\",\"registrationNumber\":\"01234567\",\"phone\":\"+44 20 7946 0000\","
            + "\"contactEmail\":\"hello@shop.test\"}";

    @Test
    void listMailShouldCarryFooterAndSignedHeadersAndOneClickShouldSuppress() throws Exception {
        String tenantId = start(Map.of("dns.resolvers", DNS.getHostAddress(), "delivery.sending-ips", "192.0.2.10",
                "domains.dns-timeout", "2s"));
        String domains = "/api/v1/tenants/" + tenantId + "/domains";
        JsonNode shop = AdminApi.json(fixture, "POST", domains, "{\"domain\":\"shop.test\"}", 201);
        AdminApi.json(fixture, "PUT", "/api/v1/tenants/" + tenantId + "/profile", PROFILE, 200);
        Path dnsLog = Files.createDirectories(home.resolve("dns")).resolve("dnsmasq.log");
        List<String> records = zone(SenderAuthTest.records(shop, "v=DMARC1; p=quarantine"));
        records.add("--host-record=mail.shop.test,192.0.2.10"); // A and PTR: the sending address is forward-confirmed
        try (DnsServer dns = DnsServer.start(DNS, records, dnsLog)) {
            assertTrue(AdminApi.json(fixture, "POST", domains + "/shop.test/verify", null, 200).get("verified").asBoolean());
            assertEquals("pass", awaitReadiness(tenantId, "ptr", "pass"), "PTR of the sending address");

            try (SmtpClient smtp = authenticated()) {
                assertEquals(250, sendList(smtp, "news@shop.test", "news", "First issue", "one@example.org", "two@example.org").code());
            }
            List<SmtpSink.Received> arrived = sink.awaitMessages(2, Duration.ofSeconds(60));
            assertEquals(2, arrived.size());
            String oneUrl = null;
            String twoMailtoToken = null;
            for (SmtpSink.Received message : arrived) {
                assertEquals(1, message.recipients().size(), "one recipient per copy: " + message.recipients());
                String recipient = message.recipients().get(0);
                MimeMessage parsed = parse(message);
                String listUnsubscribe = MimeUtility.unfold(parsed.getHeader("List-Unsubscribe", null));
                Matcher link = LINK.matcher(listUnsubscribe);
                assertTrue(link.matches(), listUnsubscribe);
                assertEquals("List-Unsubscribe=One-Click", message.header("List-Unsubscribe-Post"));
                assertEquals("unsubscribe@bounces.gateway.test", link.group(3), "a local part within RFC 5321's 64 octets");
                MimeMultipart alternative = (MimeMultipart) parsed.getContent();
                String text = decoded(alternative, 0);
                String html = decoded(alternative, 1);
                assertTrue(text.contains("Unsubscribe: " + link.group(1)) && text.contains("Shop Ltd · 1 High Street, London"), text);
                assertTrue(html.contains("href=\"" + link.group(1) + "\"") && html.indexOf("Unsubscribe") < html.indexOf("</body>"), html);
                assertTrue(text.contains("You receive this because you subscribed to news from Shop Ltd."), text);
                assertFalse(message.data().contains("X-Mailgate-Resource"), "control header removed");
                byte[] bytes = message.data().getBytes(StandardCharsets.ISO_8859_1);
                assertEquals(List.of("rsa-sha256 pass", "ed25519-sha256 pass"), Dkimpy.verify(home, DNS, bytes));
                for (String signature : message.headers().split("(?i)\r\nDKIM-Signature:")) {
                    if (signature.contains("h=")) {
                        String h = MimeUtility.unfold(signature).replaceAll("\\s", "");
                        assertTrue(h.matches("(?s).*h=[^;]*list-unsubscribe:list-unsubscribe-post.*"), h);
                    }
                }
                if (recipient.equals("one@example.org")) {
                    oneUrl = link.group(1);
                } else {
                    twoMailtoToken = link.group(4);
                }
            }
            assertNotEquals(null, oneUrl);

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(oneUrl)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Shop Ltd") && page.body().contains("Confirm"), page.body());
            assertTrue(fixture.gateway.suppressions().find(tenantId, "news", "one@example.org").isEmpty(),
                    "a GET changes nothing");

            HttpResponse<String> oneClick = http.send(HttpRequest.newBuilder(URI.create(oneUrl))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, oneClick.statusCode(), oneClick.body());
            Suppressions.Entry entry = fixture.gateway.suppressions().find(tenantId, "news", "one@example.org").orElseThrow();
            assertEquals(Suppressions.Reason.UNSUBSCRIBE, entry.reason());
            assertEquals("news", entry.resource());
            assertTrue(fixture.gateway.suppressions().find(tenantId, "", "one@example.org").isEmpty()
                    || fixture.gateway.suppressions().find(tenantId, "", "one@example.org").get().resource().equals("news"));

            HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(oneUrl.substring(0, oneUrl.length() - 3) + "aaa"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, forged.statusCode());
            assertEquals(sink.received().size(), 2);

            try (SmtpClient smtp = authenticated()) {
                assertEquals(250, sendList(smtp, "news@shop.test", "news", "Second issue", "one@example.org", "two@example.org").code());
            }
            List<SmtpSink.Received> second = sink.awaitMessages(3, Duration.ofSeconds(60));
            assertEquals(List.of("two@example.org"), second.get(2).recipients());
            // The suppression stage journals the skip (SUP-1) in the same pass that sent two@'s copy.
            assertTrue(awaitSkip(tenantId, "one@example.org"), "SUP-1 skip of one@example.org journaled");
            assertEquals(3, sink.received().size(), "nothing more for the unsubscribed recipient");

            // Delivery counted what it saw: every list message delivered offered one-click unsubscribe.
            assertEquals("pass", awaitReadiness(tenantId, "one-click-unsubscribe", "pass"), "bulk-sender readiness");

            // The mailto of List-Unsubscribe, through the feedback listener: the token in the subject,
            // as a mail program sends the link; an altered token is refused.
            String altered = (twoMailtoToken.charAt(0) == 'a' ? "b" : "a") + twoMailtoToken.substring(1);
            try (SmtpClient smtp = SmtpClient.connect(fixture.feedback())) {
                smtp.read();
                assertEquals(250, smtp.command("EHLO mail.example.org").code());
                assertEquals(250, smtp.command("MAIL FROM:<two@example.org>").code());
                assertEquals(250, smtp.command("RCPT TO:<unsubscribe@bounces.gateway.test>").code());
                assertEquals(354, smtp.command("DATA").code());
                SmtpClient.Reply bad = smtp.command("Subject: unsubscribe " + altered + "\r\n\r\nunsubscribe\r\n.");
                assertEquals(550, bad.code(), bad.text());
                assertTrue(bad.text().contains("5.7.1"), bad.text());
                assertTrue(fixture.gateway.suppressions().find(tenantId, "news", "two@example.org").isEmpty());
                assertEquals(250, smtp.command("MAIL FROM:<two@example.org>").code());
                assertEquals(250, smtp.command("RCPT TO:<unsubscribe@bounces.gateway.test>").code());
                assertEquals(354, smtp.command("DATA").code());
                SmtpClient.Reply done = smtp.command("Subject: unsubscribe " + twoMailtoToken + "\r\n\r\nunsubscribe\r\n.");
                assertEquals(250, done.code(), done.text());
            }
            assertEquals("unsubscribe-mailto",
                    fixture.gateway.suppressions().find(tenantId, "news", "two@example.org").orElseThrow().source());
        }
        fixture.gateway.journal().flush();
        List<JournalStore.StoredEntry> journal = fixture.gateway.journal()
                .query(new JournalStore.Filter(tenantId, null, "one@example.org"), null, 100).entries();
        assertTrue(journal.stream().anyMatch(e -> e.entry().stage().equals("unsubscribe")
                && e.entry().reason().contains("one-click") && e.entry().reason().contains("client 127.0.0.1")), journal.toString());
        assertTrue(journal.stream().anyMatch(e -> e.entry().stage().equals("suppression")
                && e.entry().policyId().equals("SUP-1")), journal.toString());
    }

    @Test
    void bulkMailShouldBeRefusedWhileTheProfileIsIncomplete() throws Exception {
        String tenantId = start(Map.of());
        fixture.gateway.profiles().put(tenantId, new io.mailgate.api.TenantProfiles.Profile("", "", "", "", "", "", ""));
        try (SmtpClient smtp = authenticated()) {
            SmtpClient.Reply refused = sendList(smtp, "news@acme.test", "news", "Hello", "reader@example.org");
            assertEquals(550, refused.code(), refused.text());
            assertTrue(refused.text().startsWith("5.7.1") || refused.text().contains("5.7.1"), refused.text());
            assertTrue(refused.text().contains("missing: company, address, registerName, registrationNumber, phone,"
                    + " contactEmail or contactUrl (REQ-4)"), refused.text());
            assertEquals(250, plain(smtp, "news@acme.test", "reader@example.org", "Receipt").code());
        }
        SmtpSink.Received receipt = sink.awaitMessages(1, Duration.ofSeconds(30)).get(0);
        assertEquals(null, receipt.header("List-Unsubscribe"), "mail that names no list passes as it is");
    }

    static SmtpClient.Reply plain(SmtpClient smtp, String sender, String recipient, String subject) throws Exception {
        assertEquals(250, smtp.command("MAIL FROM:<" + sender + ">").code());
        assertEquals(250, smtp.command("RCPT TO:<" + recipient + ">").code());
        assertEquals(354, smtp.command("DATA").code());
        return smtp.command("From: " + sender + "\r\nTo: " + recipient + "\r\nSubject: " + subject + "\r\n\r\nYour receipt.\r\n.");
    }

    /** List mail (it names a resource): multipart/alternative, text and HTML. */
    static SmtpClient.Reply sendList(SmtpClient smtp, String sender, String resource, String subject,
                                     String... recipients) throws Exception {
        assertEquals(250, smtp.command("MAIL FROM:<" + sender + ">").code());
        for (String recipient : recipients) {
            assertEquals(250, smtp.command("RCPT TO:<" + recipient + ">").code());
        }
        assertEquals(354, smtp.command("DATA").code());
        return smtp.command("From: " + sender + "\r\nTo: list@shop.test\r\nSubject: " + subject
                + "\r\nX-Mailgate-Resource: " + resource + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
                + "--alt\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nDear reader,\r\nour news.\r\n"
                + "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Dear reader, our news.</p></body></html>\r\n"
                + "--alt--\r\n.");
    }

    static MimeMessage parse(SmtpSink.Received message) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(message.data().getBytes(StandardCharsets.ISO_8859_1)));
    }

    static String decoded(MimeMultipart multipart, int index) throws Exception {
        return new String(decodedBytes(multipart.getBodyPart(index)), StandardCharsets.UTF_8);
    }

    /** A part's decoded bytes; not readAllBytes, which stops early on javax.mail's base64 decoder. */
    static byte[] decodedBytes(javax.mail.Part part) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (InputStream in = part.getInputStream()) {
            in.transferTo(out);
        }
        return out.toByteArray();
    }

    private static InetAddress loopback(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The readiness report's result for a requirement, once it is {@code expected} or after 30 s. */
    private String awaitReadiness(String tenantId, String requirement, String expected) throws Exception {
        Await.until(Await.TIMEOUT, () -> readiness(tenantId, requirement).equals(expected));
        return readiness(tenantId, requirement);
    }

    private String readiness(String tenantId, String requirement) throws Exception {
        for (JsonNode check : AdminApi.json(fixture, "GET", "/api/v1/tenants/" + tenantId + "/readiness", null, 200).get("checks")) {
            if (check.get("requirement").asText().equals(requirement)) {
                return check.get("result").asText();
            }
        }
        return "";
    }

    /** Waits (at most 30 s) until the journal holds a SUP-1 skip of {@code recipient}. */
    private boolean awaitSkip(String tenantId, String recipient) throws Exception {
        return Await.until(Await.TIMEOUT, () -> {
            fixture.gateway.journal().flush();
            return fixture.gateway.journal().query(new JournalStore.Filter(tenantId, null, recipient), null, 100).entries()
                    .stream().anyMatch(e -> e.entry().policyId().equals("SUP-1"));
        });
    }

}
