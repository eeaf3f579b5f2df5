package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as a process: SIGTERM stops it within a bound and keeps the queue; a bad
 * configuration stops the start with a message that names the key.
 */
class ProcessLifecycleTest {

    @TempDir
    Path home;

    @Test
    void sigtermShouldStopPromptlyAndKeepQueuedMail() throws Exception {
        SmtpSink sink = SmtpSink.down();
        try (GatewayProcess gateway = GatewayProcess.configure(home, sink.port(),
                Map.of("delivery.retry-delays", "2s")).start()) {
            List<String> credentials = gateway.demoCredentials();
            Session session = Mails.session("127.0.0.1", gateway.relayPort);
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(credentials.get(0), credentials.get(1));
                for (int i = 0; i < 10; i++) {
                    MimeMessage message = Mails.message(session, "hello@demo.mailgate.test", "r" + i + "@example.org",
                            "Kept " + i, "body");
                    transport.sendMessage(message, message.getAllRecipients());
                }
            }
            assertQueueSizeReaches(gateway, 10);

            long start = System.nanoTime();
            gateway.terminate(Duration.ofSeconds(30));
            long stopMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(stopMillis < 30_000, "stopped in " + stopMillis + " ms");
            String output = Files.readString(gateway.home.resolve("stdout.log"));
            assertTrue(output.contains("stopping: no new connections"), output);

            sink.listen();
            gateway.start();
            assertEquals(10, sink.awaitMessages(10, Duration.ofSeconds(60), m -> m.data().contains("Subject: Kept")).size(),
                    "the queue survived the stop");
        } finally {
            sink.close();
        }
    }

    /** /metrics shows the queued messages, and answers at once (it reads the broker's counters). */
    private static void assertQueueSizeReaches(GatewayProcess gateway, int expected) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build();
        String last = "";
        for (int i = 0; i < 50 && !last.contains("mailgate_queue_size " + expected + "\n"); i++) {
            long start = System.nanoTime();
            last = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 1000, "a scrape took " + millis + " ms");
            if (last.contains("mailgate_queue_size " + expected + "\n")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("queue size never reached " + expected + ":\n" + last);
    }

    @Test
    void startShouldStopWithTheKeyNamedWhenAValueIsBad() throws Exception {
        GatewayProcess gateway = GatewayProcess.configure(home, 25, Map.of("smtp.max-recipients", "many"));
        IllegalStateException failure = assertThrows(IllegalStateException.class, gateway::start);
        assertTrue(failure.getMessage().contains("exited with 78"), failure.getMessage());
        assertTrue(failure.getMessage().contains("bad value 'many' for key 'smtp.max-recipients'"), failure.getMessage());
    }

    @Test
    void startShouldStopWithTheKeyNamedWhenAKeyIsUnknown() throws Exception {
        GatewayProcess gateway = GatewayProcess.configure(home, 25, Map.of("smtp.relay.lisen", "127.0.0.1:2525"));
        IllegalStateException failure = assertThrows(IllegalStateException.class, gateway::start);
        assertTrue(failure.getMessage().contains("unknown key 'smtp.relay.lisen'"), failure.getMessage());
    }
}
