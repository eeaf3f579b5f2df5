package io.mailgate.plugin.dkimsign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Relaxed header canonicalization, RFC 6376 section 3.4.2, with the example of section 3.4.5. */
class RelaxedHeaderTest {

    @Test
    void canonicalizeShouldGiveRfcResultWhenFieldIsExampleA() {
        // RFC 6376, 3.4.5: "A: <SP> X <CRLF>" becomes "a:X <CRLF>".
        assertEquals("a:X\r\n", RelaxedHeader.canonicalize("A: X"));
    }

    @Test
    void canonicalizeShouldGiveRfcResultWhenFieldIsFoldedExampleB() {
        // RFC 6376, 3.4.5: "B <SP> : <SP> Y <HTAB><CRLF> <HTAB> Z <SP><SP><CRLF>" becomes "b:Y <SP> Z <CRLF>".
        assertEquals("b:Y Z\r\n", RelaxedHeader.canonicalize("B : Y\t\r\n\tZ  "));
    }

    @Test
    void canonicalizeShouldKeepValueCaseWhenValueHasCapitals() {
        assertEquals("subject:Hello World\r\n", RelaxedHeader.canonicalize("SUBJECT: Hello World"));
    }

    @Test
    void canonicalizeShouldCompressInnerWhitespaceWhenValueHasRunsOfSpacesAndTabs() {
        assertEquals("to:a@example.com, b@example.com\r\n",
                RelaxedHeader.canonicalize("To:\t a@example.com, \t \r\n \t b@example.com \t"));
    }

    @Test
    void canonicalizeShouldGiveEmptyValueWhenValueIsOnlyWhitespace() {
        assertEquals("x-empty:\r\n", RelaxedHeader.canonicalize("X-Empty: \t "));
    }

    @Test
    void canonicalizeShouldKeepEightBitBytesWhenValueIsRawUtf8() {
        String field = new String("Subject: Привет  мир".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

        String canonical = RelaxedHeader.canonicalize(field);

        assertEquals("subject:Привет мир\r\n",
                new String(canonical.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    @Test
    void canonicalizeShouldKeepOtherControlCharactersWhenValueEndsWithThem() {
        // Only SP and HTAB are WSP; a form feed stays.
        assertEquals("x-odd:a\f\r\n", RelaxedHeader.canonicalize("X-Odd: a\f "));
    }
}
