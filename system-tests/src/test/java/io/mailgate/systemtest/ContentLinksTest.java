package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mailgate.plugin.rbl.Rbldnsd;

/**
 * Issue 8, point 3 (CON-3), through a running gateway: a plain http link, a shortener and a link
 * to a domain listed in a URI blocklist served by rbldnsd are each refused with 550 5.7.1; an https
 * link to a clean domain is delivered; a blocklist that does not answer gives 450 4.7.1.
 */
class ContentLinksTest extends SystemTest {

    @Test
    void badLinksShouldBeRefusedAndACleanHttpsLinkDelivered() throws Exception {
        try (Rbldnsd blocklist = Rbldnsd.start(java.nio.file.Files.createDirectories(home.resolve("rbldnsd")), "127.0.0.61",
                List.of("uribl.test:dnset:uribl.zone"), "uribl.zone", ":127.0.0.2:listed in the test list\nbad-domain.test\n")) {
            start(Map.of("content.uri-blocklists", "uribl.test", "content.dns-resolvers",
                    "127.0.0.61:" + blocklist.address().getPort()));
            try (SmtpClient smtp = authenticated()) {
                SmtpClient.Reply http = ContentScreeningTest.send(smtp, "Sale", "See http://shop.example.com/sale today");
                assertEquals(550, http.code(), http.text());
                assertTrue(http.text().contains("5.7.1") && http.text().contains("plain http://"), http.text());
                assertTrue(http.text().contains("(CON-3)"), http.text());

                SmtpClient.Reply shortener = ContentScreeningTest.send(smtp, "Sale", "See https://bit.ly/3xYz today");
                assertEquals(550, shortener.code(), shortener.text());
                assertTrue(shortener.text().contains("link shortener (bit.ly)"), shortener.text());

                SmtpClient.Reply listed = ContentScreeningTest.send(smtp, "Sale", "See https://www.bad-domain.test/offer today");
                assertEquals(550, listed.code(), listed.text());
                assertTrue(listed.text().contains("bad-domain.test is listed in uribl.test"), listed.text());

                SmtpClient.Reply clean = ContentScreeningTest.send(smtp, "Clean", "See https://www.example.com/news today");
                assertEquals(250, clean.code(), clean.text());
            }
            assertEquals(1, sink.awaitMessages(1, Duration.ofSeconds(30), m -> m.header("Subject").equals("Clean")).size());
        }
    }

    @Test
    void blocklistThatDoesNotAnswerShouldGiveATemporaryFailure() throws Exception {
        // A socket that takes the queries and never answers: the blocklist is down.
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getByName("127.0.0.62"))) {
            start(Map.of("content.uri-blocklists", "uribl.test",
                    "content.dns-resolvers", "127.0.0.62:" + silent.getLocalPort(), "content.dns-timeout", "500ms"));
            try (SmtpClient smtp = authenticated()) {
                SmtpClient.Reply reply = ContentScreeningTest.send(smtp, "Clean", "See https://www.example.com/news today");
                assertEquals(450, reply.code(), reply.text());
                assertTrue(reply.text().contains("4.7.1") && reply.text().contains("did not answer"), reply.text());
            }
        }
    }
}
