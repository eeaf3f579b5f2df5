package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import javax.mail.Session;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/** Issue 4, point 5: while a stage's bundle is stopped, mail is accepted and held; then it goes on. */
class FailClosedTest extends SystemTest {

    @Test
    void mailShouldWaitWhileStageBundleIsStoppedAndBeDeliveredWithItsHeaderOnceItStarts() throws Exception {
        start(Map.of());
        Bundle example = fixture.gateway.plugins().bundle("io.mailgate.plugin.example").orElseThrow();
        assertEquals(Bundle.ACTIVE, example.getState(), "the example plugin starts with the gateway");
        example.stop();

        Session session = Mails.session("127.0.0.1", fixture.relay().getPort());
        for (int i = 0; i < 3; i++) {
            Mails.send(session, Mails.message(session, "news@acme.test", "reader" + i + "@example.org", "Held " + i, "body"),
                    USERNAME, PASSWORD);
        }
        assertTrue(sink.awaitMessages(1, Duration.ofSeconds(5)).isEmpty(),
                "nothing may bypass the missing stage");

        example.start();
        var arrived = sink.awaitMessages(3, Duration.ofSeconds(60));
        assertEquals(3, arrived.size(), "all held messages are delivered once the stage is back");
        assertTrue(arrived.stream().allMatch(m -> "passed".equals(m.header("X-Mailgate-Example"))),
                "each went through the stage exactly as configured");
        assertTrue(arrived.stream().allMatch(m -> m.headers().split("X-Mailgate-Example").length == 2),
                "the stage ran once per message");
    }
}
