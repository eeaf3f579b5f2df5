package io.mailgate.plugin.footer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.SharedByteArrayInputStream;

import org.junit.jupiter.api.Test;

import io.mailgate.api.UnsubscribeLinks;

class FooterInjectorTest {

    static final UnsubscribeLinks.Links LINKS = new UnsubscribeLinks.Links("https://u.gateway.test/u/abc234",
            "mailto:unsubscribe@bounces.gateway.test?subject=unsubscribe%20abc234");
    static final Footer ENGLISH = new Footer("--\nUnsubscribe: https://u.gateway.test/u/abc234\nAcme Ltd · 1 High St",
            "<p><a href=\"https://u.gateway.test/u/abc234\">Unsubscribe</a> Acme Ltd · 1 High St</p>");
    static final Footer RUSSIAN = new Footer("--\nОтписаться: https://u.gateway.test/u/abc234\nООО Акме",
            "<p><a href=\"https://u.gateway.test/u/abc234\">Отписаться</a> ООО Акме</p>");

    static PersonalizedMessage.Outcome personalize(String message, Footer footer) throws Exception {
        return PersonalizedMessage.of(new SharedByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)),
                footer, LINKS);
    }

    static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    static MimeMessage reparse(MimeMessage message) throws Exception {
        return new MimeMessage(Session.getDefaultInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream(bytes(message)));
    }

    static String decoded(javax.mail.Part part, Charset charset) throws Exception {
        return new String(TextPartFooter.readAll(part.getInputStream()), charset);
    }

    @Test
    void injectShouldKeepKoi8rWhenTheRussianFooterFitsIt() throws Exception {
        String body = "Привет, читатель!\r\n";
        String message = "From: a@acme.test\r\nTo: r@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + new String(body.getBytes("KOI8-R"), StandardCharsets.ISO_8859_1);
        PersonalizedMessage.Outcome outcome = personalize(message, RUSSIAN);
        assertEquals(FooterInjector.Result.INJECTED, outcome.result());
        MimeMessage result = reparse(outcome.message());
        assertEquals("text/plain; charset=koi8-r", result.getContentType());
        assertEquals("8bit", result.getEncoding());
        String text = decoded(result, Charset.forName("KOI8-R"));
        assertTrue(text.startsWith(body) && text.contains("Отписаться: https://u.gateway.test/u/abc234"), text);
    }

    @Test
    void injectShouldReencodeToUtf8WhenTheCharsetCannotHoldTheFooter() throws Exception {
        String message = "From: a@acme.test\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "Gr=FC=DFe aus K=F6ln\r\n";
        MimeMessage result = reparse(personalize(message, RUSSIAN).message());
        assertEquals("text/plain; charset=utf-8", result.getContentType());
        assertEquals("quoted-printable", result.getEncoding());
        String text = decoded(result, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Grüße aus Köln\r\n") && text.contains("ООО Акме"), text);
    }

    @Test
    void injectShouldPutTheFooterIntoBothAlternativesAndBeforeBodyEnd() throws Exception {
        String message = "From: a@acme.test\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nHello\r\n"
                + "--b1\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + java.util.Base64.getMimeEncoder().encodeToString(
                        "<html><body><p>Hello</p></BODY></html>".getBytes(StandardCharsets.UTF_8)) + "\r\n"
                + "--b1--\r\n";
        MimeMessage result = reparse(personalize(message, ENGLISH).message());
        MimeMultipart alternative = (MimeMultipart) result.getContent();
        assertTrue(decoded(alternative.getBodyPart(0), StandardCharsets.US_ASCII).contains("Unsubscribe: https://u.gateway.test/u/abc234"));
        MimeBodyPart html = (MimeBodyPart) alternative.getBodyPart(1);
        assertEquals("base64", html.getEncoding());
        String page = decoded(html, StandardCharsets.UTF_8);
        assertTrue(page.matches("(?s)<html><body><p>Hello</p>\r\n<p><a href=.*Unsubscribe</a> Acme Ltd · 1 High St</p>\r\n</BODY></html>"), page);
    }

    @Test
    void injectShouldWriteHtmlCharactersTheCharsetLacksAsReferences() throws Exception {
        String message = "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n"
                + "<p>broken <b>html";
        MimeMessage result = reparse(personalize(message, RUSSIAN).message());
        assertEquals("text/html; charset=iso-8859-1", result.getContentType());
        String page = decoded(result, StandardCharsets.ISO_8859_1);
        assertTrue(page.startsWith("<p>broken <b>html\r\n<p>") && page.contains("&#1054;&#1090;"), page);
    }

    @Test
    void injectShouldLeaveAttachmentsByteForByte() throws Exception {
        String attachment = "SGVsbG8gYXR0YWNobWVudCBieXRlcyEhIQ==";
        String message = "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=m\r\n\r\n"
                + "--m\r\nContent-Type: text/plain\r\n\r\nSee the file.\r\n"
                + "--m\r\nContent-Type: text/plain; name=notes.txt\r\nContent-Disposition: attachment; filename=notes.txt\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + attachment + "\r\n--m--\r\n";
        MimeMultipart mixed = (MimeMultipart) reparse(personalize(message, ENGLISH).message()).getContent();
        assertTrue(decoded(mixed.getBodyPart(0), StandardCharsets.US_ASCII).contains("Acme Ltd"));
        MimeBodyPart file = (MimeBodyPart) mixed.getBodyPart(1);
        assertArrayEquals(attachment.getBytes(StandardCharsets.US_ASCII),
                new String(file.getRawInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip().getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void injectShouldKeepFormatFlowedLinesHard() throws Exception {
        String message = "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii; format=flowed\r\n\r\n"
                + "A long paragraph that flows \r\non the next line.\r\n";
        Footer footer = new Footer("From the sender  \n> quoted-looking\nUnsubscribe: https://u.gateway.test/u/abc234", "");
        String text = decoded(reparse(personalize(message, footer).message()), StandardCharsets.US_ASCII);
        assertTrue(text.endsWith("on the next line.\r\n\r\n From the sender\r\n > quoted-looking\r\n"
                + "Unsubscribe: https://u.gateway.test/u/abc234\r\n"), text);
    }

    @Test
    void injectShouldSwitchToQuotedPrintableWhenALineWouldPass998Octets() {
        byte[] longLine = ("x".repeat(1200) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals("quoted-printable", TextPartFooter.transferEncoding("7bit", longLine));
        assertEquals("7bit", TextPartFooter.transferEncoding(null, "short\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("quoted-printable", TextPartFooter.transferEncoding("7bit", "é".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void injectShouldLeaveSignedBodiesAndSetOnlyTheHeaders() throws Exception {
        String body = "--s\r\nContent-Type: text/plain\r\n\r\nSigned text\r\n--s\r\nContent-Type: application/pgp-signature\r\n\r\n"
                + "-----BEGIN PGP SIGNATURE-----\r\nabc\r\n-----END PGP SIGNATURE-----\r\n--s--\r\n";
        String message = "Subject: x\r\nMIME-Version: 1.0\r\nList-Unsubscribe: <https://tenant.example/old>\r\n"
                + "Content-Type: multipart/signed; boundary=s; protocol=\"application/pgp-signature\"; micalg=pgp-sha256\r\n\r\n" + body;
        PersonalizedMessage.Outcome outcome = personalize(message, ENGLISH);
        assertEquals(FooterInjector.Result.SIGNED, outcome.result());
        String written = new String(bytes(outcome.message()), StandardCharsets.ISO_8859_1);
        assertTrue(written.endsWith("\r\n\r\n" + body), written);
        assertEquals(1, outcome.message().getHeader("List-Unsubscribe").length);
        assertEquals("<https://u.gateway.test/u/abc234>, <mailto:unsubscribe@bounces.gateway.test?subject=unsubscribe%20abc234>",
                javax.mail.internet.MimeUtility.unfold(outcome.message().getHeader("List-Unsubscribe", null)));
        assertEquals("List-Unsubscribe=One-Click", outcome.message().getHeader("List-Unsubscribe-Post", null));
    }

    @Test
    void injectShouldAddAFooterPartWhenTheMessageIsNotText() throws Exception {
        String message = "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "JVBERi0xLjQK\r\n";
        MimeMessage result = reparse(personalize(message, ENGLISH).message());
        MimeMultipart mixed = (MimeMultipart) result.getContent();
        assertEquals(2, mixed.getCount());
        assertEquals("JVBERi0xLjQK", new String(((MimeBodyPart) mixed.getBodyPart(0)).getRawInputStream().readAllBytes(),
                StandardCharsets.US_ASCII).strip());
        assertTrue(decoded(mixed.getBodyPart(1), StandardCharsets.UTF_8).contains("Acme Ltd"));
    }

    @Test
    void injectShouldKeepTheMessageIdAndEightBitHeaders() throws Exception {
        String utf8Subject = new String("Subject: Grüße, Привет".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        String latin1Subject = "X-Note: Gr\u00fc\u00dfe";
        String message = "Message-ID: <kept@acme.test>\r\n" + utf8Subject + "\r\n" + latin1Subject + "\r\n\r\nHi\r\n";
        MimeMessage result = personalize(message, ENGLISH).message();
        String written = new String(bytes(result), StandardCharsets.ISO_8859_1);
        assertTrue(written.contains("Message-ID: <kept@acme.test>\r\n"), written);
        assertTrue(written.contains(utf8Subject + "\r\n"), "UTF-8 header bytes (RFC 6532) kept: " + written);
    }

    @Test
    void injectShouldKeepEveryByteOfALongBase64TextPart() throws Exception {
        String body = "Line of the long letter, number 0000\r\n".repeat(2000);
        String message = "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + java.util.Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.US_ASCII)) + "\r\n";
        MimeMessage result = reparse(personalize(message, ENGLISH).message());
        assertEquals("base64", result.getEncoding());
        String text = decoded(result, StandardCharsets.UTF_8);
        assertTrue(text.startsWith(body) && text.endsWith("Acme Ltd · 1 High St\r\n"), "length " + text.length());
    }
}
