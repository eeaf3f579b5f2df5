package io.mailgate.plugin.dkimsign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Relaxed body canonicalization, RFC 6376 section 3.4.4, with the example of section 3.4.5. */
class RelaxedBodyTest {

    @Test
    void writeShouldGiveRfcResultWhenBodyIsExampleOfSection345() throws IOException {
        // "<SP> C <SP><CRLF> D <SP><HTAB><SP> E <CRLF> <CRLF> <CRLF>" becomes "<SP> C <CRLF> D <SP> E <CRLF>".
        assertEquals(" C\r\nD E\r\n", relaxed(" C \r\nD \t E\r\n\r\n\r\n"));
    }

    @Test
    void writeShouldGiveRfcResultWhenWholeExampleMessageIsGivenWithItsBodyStart() throws IOException {
        byte[] message = "A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        RelaxedBody.write(message, RawMessage.of(message).bodyStart(), out);

        assertEquals(" C\r\nD E\r\n", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void writeShouldGiveNothingWhenBodyIsEmpty() throws IOException {
        assertEquals("", relaxed(""));
    }

    @Test
    void writeShouldGiveNothingWhenBodyIsOnlyEmptyAndBlankLines() throws IOException {
        assertEquals("", relaxed("\r\n \r\n\t \r\n\r\n"));
    }

    @Test
    void writeShouldAddCrlfWhenLastLineHasNone() throws IOException {
        assertEquals("Hello\r\n", relaxed("Hello"));
    }

    @Test
    void writeShouldDropTrailingWhitespaceWhenLastLineHasNoCrlf() throws IOException {
        assertEquals("Hello\r\n", relaxed("Hello \t"));
    }

    @Test
    void writeShouldKeepInnerEmptyLinesWhenContentFollowsThem() throws IOException {
        assertEquals("a\r\n\r\n\r\nb\r\n", relaxed("a\r\n\r\n \r\nb\r\n\r\n"));
    }

    @Test
    void writeShouldKeepLeadingWhitespaceAsOneSpaceWhenLineStartsWithWhitespace() throws IOException {
        assertEquals(" indented\r\n", relaxed("\t\t indented\r\n"));
    }

    @Test
    void writeShouldKeepEightBitBytesWhenBodyIsUtf8() throws IOException {
        byte[] body = "Привет,  мир!\r\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        RelaxedBody.write(body, 0, out);

        assertEquals("Привет, мир!\r\n", out.toString(StandardCharsets.UTF_8));
    }

    private static String relaxed(String body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RelaxedBody.write(body.getBytes(StandardCharsets.US_ASCII), 0, out);
        return out.toString(StandardCharsets.US_ASCII);
    }
}
