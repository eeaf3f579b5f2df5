package io.mailgate.mailauth.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The example of RFC 6376, section 3.4.5, and the edge cases of empty bodies. */
class CanonicalizationTest {

    private static final String HEADER_A = "A: X";
    private static final String HEADER_B = "B : Y\t\r\n\tZ  ";
    private static final byte[] BODY = bytes(" C \r\nD \t E\r\n\r\n\r\n");

    @Test
    void shouldCanonicalizeRfcExampleRelaxed() {
        assertEquals("a:X\r\n", Canonicalization.RELAXED.header(HEADER_A));
        assertEquals("b:Y Z\r\n", Canonicalization.RELAXED.header(HEADER_B));
        assertEquals(" C\r\nD E\r\n", text(Canonicalization.RELAXED.body(BODY, 0)));
    }

    @Test
    void shouldCanonicalizeRfcExampleSimple() {
        assertEquals("A: X\r\n", Canonicalization.SIMPLE.header(HEADER_A));
        assertEquals("B : Y\t\r\n\tZ  \r\n", Canonicalization.SIMPLE.header(HEADER_B));
        assertEquals(" C \r\nD \t E\r\n", text(Canonicalization.SIMPLE.body(BODY, 0)));
    }

    @Test
    void shouldGiveCrlfForEmptySimpleBodyAndNothingForEmptyRelaxedBody() {
        assertEquals("\r\n", text(Canonicalization.SIMPLE.body(new byte[0], 0)));
        assertEquals("\r\n", text(Canonicalization.SIMPLE.body(bytes("\r\n\r\n"), 0)));
        assertEquals("", text(Canonicalization.RELAXED.body(bytes(" \r\n\t\r\n"), 0)));
    }

    @Test
    void shouldEndLastLineWithCrlf() {
        assertEquals("last\r\n", text(Canonicalization.SIMPLE.body(bytes("last"), 0)));
        assertEquals("last\r\n", text(Canonicalization.RELAXED.body(bytes("last  "), 0)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
