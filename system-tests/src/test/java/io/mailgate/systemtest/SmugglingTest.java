package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 4, point 3: SMTP smuggling. An end-of-data sequence hidden with a bare LF or CR inside
 * DATA must never let a second message with another sender through: the gateway answers with an
 * error and at most one message arrives downstream, never the smuggled one.
 */
class SmugglingTest extends SystemTest {

    @BeforeEach
    void start() throws Exception {
        start(Map.of());
    }

    /** The hidden end-of-data sequences, as Java escapes: LF.LF, LF.CRLF, CR.CR, CR.LF. */
    @ParameterizedTest
    @ValueSource(strings = {"\n.\n", "\n.\r\n", "\r.\r", "\r.\n", "\r\n.\n", "\r\n.\r"})
    void smuggledMessageShouldNeverArrive(String hiddenEnd) throws Exception {
        String smuggled = "MAIL FROM:<ceo@bank.example>\r\nRCPT TO:<victim@example.org>\r\nDATA\r\n"
                + "From: ceo@bank.example\r\nSubject: smuggled\r\n\r\nwire the money\r\n.\r\n";
        try (SmtpClient smtp = authenticated()) {
            assertEquals(250, smtp.command("MAIL FROM:<news@acme.test>").code());
            assertEquals(250, smtp.command("RCPT TO:<reader@example.org>").code());
            assertEquals(354, smtp.command("DATA").code());
            smtp.send("From: news@acme.test\r\nSubject: carrier\r\n\r\nhello" + hiddenEnd + smuggled);
            List<Integer> codes = readAll(smtp);
            assertEquals(500, codes.get(0), "the message with a bare line ending is refused: " + codes);
            assertTrue(codes.stream().noneMatch(code -> code == 250), "nothing after it is accepted: " + codes);
            assertTrue(smtp.isClosedByServer(), "the session is closed, so nothing after the bare line is read");
        }
        List<SmtpSink.Received> arrived = sink.awaitMessages(1, Duration.ofSeconds(3));
        assertTrue(arrived.isEmpty(), "neither the carrier nor the smuggled message arrives: " + arrived);
    }

    private static List<Integer> readAll(SmtpClient smtp) throws IOException {
        List<Integer> codes = new java.util.ArrayList<>();
        smtp.setReadTimeout(Duration.ofSeconds(3));
        try {
            for (int i = 0; i < 6; i++) {
                codes.add(smtp.read().code());
            }
        } catch (IOException e) {
            // the server closed the session or stopped answering: what was read is the answer
        }
        return codes;
    }
}
