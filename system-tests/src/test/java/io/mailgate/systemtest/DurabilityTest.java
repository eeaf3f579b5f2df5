package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, point 4: mail acknowledged with 250 is never lost. With the next hop down, 2,000
 * messages are accepted, the gateway is killed with SIGKILL, started again on the same files with
 * the next hop up, and every one of the 2,000 arrives.
 */
class DurabilityTest {

    private static final int MESSAGES = 2000;
    private static final int CONNECTIONS = 4;

    @TempDir
    Path home;

    @Test
    void everyAcceptedMessageShouldArriveAfterKillNineAndRestart() throws Exception {
        SmtpSink sink = SmtpSink.down();
        try (GatewayProcess gateway = GatewayProcess.configure(home, sink.port(),
                // Retried every 3 s for as long as the outage lasts: the limit of retries (then a
                // bounce to the sender) is not what this test is about.
                Map.of("delivery.retry-delays", "3s", "delivery.max-retries", "100000")).start()) {
            List<String> credentials = gateway.demoCredentials();
            List<String> accepted = sendAll(gateway, credentials.get(0), credentials.get(1));
            assertEquals(MESSAGES, accepted.size(), "every message got 250");

            gateway.kill();
            sink.listen();
            gateway.start();

            List<SmtpSink.Received> arrived = sink.awaitMessages(MESSAGES, Duration.ofMinutes(4));
            Set<String> ids = arrived.stream().map(m -> m.header("Message-ID")).collect(Collectors.toSet());
            Set<String> missing = accepted.stream().filter(id -> !ids.contains(id)).collect(Collectors.toSet());
            assertEquals(Set.of(), missing, "accepted messages that never arrived");
        } finally {
            sink.close();
        }
    }

    /** Sends the messages over a few connections; returns the Message-IDs of those that got 250. */
    private static List<String> sendAll(GatewayProcess gateway, String username, String password) throws Exception {
        Session session = Mails.session("127.0.0.1", gateway.relayPort);
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        List<Future<List<String>>> results = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            int connection = c;
            results.add(pool.submit(() -> {
                List<String> ids = new ArrayList<>();
                try (Transport transport = session.getTransport("smtp")) {
                    transport.connect(username, password);
                    for (int i = connection; i < MESSAGES; i += CONNECTIONS) {
                        MimeMessage message = Mails.message(session, "hello@demo.mailgate.test",
                                "reader" + i + "@example.org", "Durable " + i, "message " + i);
                        transport.sendMessage(message, message.getAllRecipients());
                        ids.add(message.getMessageID());
                    }
                }
                return ids;
            }));
        }
        List<String> all = new ArrayList<>();
        for (Future<List<String>> result : results) {
            all.addAll(result.get());
        }
        pool.shutdown();
        return all;
    }
}
