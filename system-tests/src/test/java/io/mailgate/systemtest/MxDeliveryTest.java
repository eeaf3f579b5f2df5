package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.mail.Session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery without a smart host: the recipient domain's MX is looked up through dnsjava at a real
 * DNS server (dnsmasq on 127.0.0.53), and the message goes to port 25 of the MX host (an SMTP
 * server in this process on 127.0.0.25).
 */
class MxDeliveryTest {

    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path home;

    @Test
    void messageShouldGoToTheRecipientDomainsMxHost() throws Exception {
        InetAddress dnsAddress = InetAddress.getByName("127.0.0.53");
        InetAddress mxAddress = InetAddress.getByName("127.0.0.25");
        Path dnsLog = Files.createDirectories(home.resolve("dns")).resolve("dnsmasq.log");
        try (DnsServer dns = DnsServer.start(dnsAddress, List.of(
                     "--mx-host=example.test,mx1.example.test,10",
                     "--host-record=mx1.example.test," + mxAddress.getHostAddress()), dnsLog);
             SmtpSink mx = SmtpSink.startOn(mxAddress, 25);
             SmtpSink smartHost = SmtpSink.start();
             GatewayFixture fixture = GatewayFixture.start(home.resolve("gateway"), smartHost.port(),
                     Map.of("delivery.smarthost", "", "dns.resolvers", dnsAddress.getHostAddress()))) {
            fixture.tenant("acme", "acme-app", PASSWORD);
            Session session = Mails.session("127.0.0.1", fixture.relay().getPort());
            Mails.send(session, Mails.message(session, "news@acme.test", "reader@example.test", "Via MX", "body"),
                    "acme-app", PASSWORD);

            List<SmtpSink.Received> arrived = mx.awaitMessages(1, Duration.ofSeconds(60));
            assertEquals(1, arrived.size(), "delivered to the MX host; DNS log:\n" + Files.readString(dnsLog));
            assertEquals(List.of("reader@example.test"), arrived.get(0).recipients());
            assertTrue(smartHost.received().isEmpty(), "no smart host is used");
            assertTrue(Files.readString(dnsLog).contains("example.test"), "the MX came from the DNS server");
        }
    }
}
