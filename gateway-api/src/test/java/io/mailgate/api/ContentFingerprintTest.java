package io.mailgate.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

/** The same content gives the same fingerprint, however it travelled. */
class ContentFingerprintTest {

    private static final String HEADER = "From: news@acme.example\r\nTo: alice@example.org\r\nSubject: Sale\r\n"
            + "MIME-Version: 1.0\r\n";
    private static final String PLAIN = HEADER + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n\r\n"
            + "Grüße,\r\nthe sale starts today.\r\n";

    @Test
    void fingerprintShouldIgnoreHeaderFields() throws Exception {
        assertSame(PLAIN, PLAIN.replace("Subject: Sale", "Subject: Another subject\r\nMessage-ID: <2@acme.example>"));
    }

    @Test
    void theSup8FingerprintShouldCountTheSubjectButNotOtherHeaderFields() throws Exception {
        String again = PLAIN.replace("Subject: Sale", "Subject: Sale\r\nMessage-ID: <2@acme.example>").replace("\r\n", "\n");
        org.junit.jupiter.api.Assertions.assertEquals(ContentFingerprint.of(parse(PLAIN)), ContentFingerprint.of(parse(again)));
        org.junit.jupiter.api.Assertions.assertNotEquals(ContentFingerprint.of(parse(PLAIN)),
                ContentFingerprint.of(parse(PLAIN.replace("Subject: Sale", "Subject: Another subject"))));
    }

    @Test
    void fingerprintShouldIgnoreLineEnds() throws Exception {
        assertSame(PLAIN, PLAIN.replace("\r\n", "\n"));
    }

    @Test
    void fingerprintShouldIgnoreTrailingWhitespaceSpaceRunsAndFinalBlankLines() throws Exception {
        assertSame(PLAIN, PLAIN.replace("Grüße,", "Grüße,  \t").replace("the sale", "the  \t sale") + "\r\n\r\n");
    }

    @Test
    void fingerprintShouldIgnoreTransferEncoding() throws Exception {
        String quotedPrintable = PLAIN.replace("8bit", "quoted-printable").replace("Grüße", "Gr=C3=BC=C3=9Fe")
                .replace("the sale starts", "the sale=\r\n starts");
        String base64 = PLAIN.replace("8bit", "base64").replace("Grüße,\r\nthe sale starts today.\r\n",
                "R3LDvMOfZSwNCnRoZSBzYWxlIHN0YXJ0cyB0b2RheS4NCg==\r\n");

        assertSame(PLAIN, quotedPrintable);
        assertSame(PLAIN, base64);
    }

    @Test
    void fingerprintShouldIgnoreMimeBoundaries() throws Exception {
        assertSame(multipart("b1_first"), multipart("=_another-boundary"));
    }

    @Test
    void fingerprintShouldDifferWhenTextDiffers() throws Exception {
        assertDifferent(PLAIN, PLAIN.replace("today", "tomorrow"));
    }

    @Test
    void fingerprintShouldDifferWhenMediaTypeDiffers() throws Exception {
        assertDifferent(PLAIN, PLAIN.replace("text/plain", "text/html"));
    }

    @Test
    void fingerprintShouldDifferWhenEmptyLineInsideTextIsAdded() throws Exception {
        assertDifferent(PLAIN, PLAIN.replace("Grüße,\r\n", "Grüße,\r\n\r\n"));
    }

    @Test
    void fingerprintShouldStillBeMadeWhenMultipartIsBroken() throws Exception {
        String broken = HEADER + "Content-Type: multipart/mixed; boundary=\"missing\"\r\n\r\nno parts here\r\n";

        assertSame(broken, broken);
    }

    @Test
    void fingerprintShouldStillBeMadeWhenTransferEncodingIsUnknown() throws Exception {
        String unknown = PLAIN.replace("8bit", "x-unknown");

        assertSame(unknown, unknown);
    }

    private static String multipart(String boundary) {
        return HEADER + "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSale today.\r\n"
                + "--" + boundary + "\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n<p>Sale today.</p>\r\n"
                + "--" + boundary + "--\r\n";
    }

    private static void assertSame(String first, String second) throws Exception {
        assertArrayEquals(fingerprint(first), fingerprint(second));
    }

    private static void assertDifferent(String first, String second) throws Exception {
        assertFalse(Arrays.equals(fingerprint(first), fingerprint(second)));
    }

    private static byte[] fingerprint(String raw) throws Exception {
        return ContentFingerprint.ofBody(parse(raw));
    }

    private static MimeMessage parse(String raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }
}
