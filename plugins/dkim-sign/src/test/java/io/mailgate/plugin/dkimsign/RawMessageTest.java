package io.mailgate.plugin.dkimsign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class RawMessageTest {

    @Test
    void ofShouldKeepTheSameBytesWhenLinesAlreadyEndWithCrlf() {
        byte[] written = bytes("From: a@example.com\r\n\r\nHello\r\n");

        assertSame(written, RawMessage.of(written).bytes());
    }

    @Test
    void ofShouldEndLinesWithCrlfWhenMessageHasBareLfOrCr() {
        RawMessage message = RawMessage.of(bytes("From: a@example.com\n\nline one\rline two\r\n"));

        assertEquals("From: a@example.com\r\n\r\nline one\r\nline two\r\n", text(message.bytes()));
    }

    @Test
    void ofShouldFindBodyStartAfterBlankLineWhenHeaderIsFolded() {
        RawMessage message = RawMessage.of(bytes("Subject: a\r\n b\r\nFrom: a@example.com\r\n\r\nbody\r\n"));

        assertEquals("body\r\n", text(message.bytes()).substring(message.bodyStart()));
        assertEquals(List.of("Subject: a\r\n b"), message.fields("subject"));
    }

    @Test
    void ofShouldAddBlankLineWhenMessageHasNoBody() {
        RawMessage message = RawMessage.of(bytes("From: a@example.com"));

        assertEquals("From: a@example.com\r\n\r\n", text(message.bytes()));
        assertEquals(message.bytes().length, message.bodyStart());
    }

    @Test
    void fieldsShouldGiveEveryInstanceTopToBottomWhenNameRepeatsInOtherCase() {
        RawMessage message = RawMessage.of(bytes("To: a@example.org\r\nTO : b@example.org\r\nX: y\r\n\r\n"));

        assertEquals(List.of("To: a@example.org", "TO : b@example.org"), message.fields("to"));
    }

    @Test
    void fieldsShouldNotMatchWhenNameOnlyStartsTheSame() {
        RawMessage message = RawMessage.of(bytes("From-Extra: x\r\nFrom: a@example.com\r\n\r\n"));

        assertEquals(List.of("From: a@example.com"), message.fields("from"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
