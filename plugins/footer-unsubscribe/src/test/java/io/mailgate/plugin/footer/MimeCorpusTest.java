package io.mailgate.plugin.footer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;
import javax.mail.util.SharedByteArrayInputStream;

import org.junit.jupiter.api.Test;

/**
 * Issue 9, point 3: every message of the MIME corpus ({@code ../shared/corpus/mime/}, read in place;
 * {@code -Dmailgate.corpus.mime=DIR} points elsewhere) goes through the stage's injection. Each result
 * must parse; every leaf part that is not a body text part keeps its bytes; every text part of the
 * body (both alternatives) has the footer; every declared charset decodes its part's bytes; signed
 * messages and messages whose MIME cannot be read keep their body bytes exactly. The counts are
 * printed.
 */
class MimeCorpusTest {

    private static final String MARK = "https://u.gateway.test/u/abc234";
    private static final Session SESSION = Session.getInstance(new Properties());

    static Path corpus() {
        String configured = System.getProperty("mailgate.corpus.mime");
        Path dir = configured != null ? Path.of(configured) : locate();
        if (dir == null || !Files.isDirectory(dir)) {
            fail("the MIME corpus is missing: expected ../shared/corpus/mime/ beside the project, or a folder named by"
                    + " -Dmailgate.corpus.mime (got " + dir + ")");
        }
        return dir;
    }

    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("corpus").resolve("mime");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Test
    void everyCorpusMessageShouldKeepItsMimeCorrectWithTheFooter() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(corpus())) {
            files = walk.filter(p -> p.getFileName().toString().matches("msg_.*\\.txt")).sorted().toList();
        }
        assertTrue(files.size() >= 40, "the corpus has " + files.size() + " messages, expected the 48 of CPython");
        int injected = 0;
        int signed = 0;
        int unreadable = 0;
        int bodyParts = 0;
        int keptParts = 0;
        List<String> failures = new ArrayList<>();
        List<String> headersOnly = new ArrayList<>();
        for (Path file : files) {
            byte[] raw = smtpForm(Files.readAllBytes(file));
            try {
                PersonalizedMessage.Outcome outcome = PersonalizedMessage.of(new SharedByteArrayInputStream(raw),
                        FooterInjectorTest.ENGLISH, FooterInjectorTest.LINKS);
                byte[] written = bytes(outcome.message());
                MimeMessage result = new MimeMessage(SESSION, new ByteArrayInputStream(written));
                assertTrue(result.getHeader("List-Unsubscribe", "").contains(MARK), "List-Unsubscribe");
                assertEquals("List-Unsubscribe=One-Click", result.getHeader("List-Unsubscribe-Post", null));
                switch (outcome.result()) {
                    case INJECTED -> {
                        injected++;
                        List<Part> body = new ArrayList<>();
                        List<byte[]> others = new ArrayList<>();
                        walk(result, true, body, others);
                        assertFalse(body.isEmpty(), "no body text part");
                        for (Part part : body) {
                            String text = declaredText(part);
                            assertTrue(text.contains(MARK) || text.contains(FooterTemplate.escape(MARK)),
                                    "a body part without the footer: " + part.getContentType());
                        }
                        bodyParts += body.size();
                        List<byte[]> originalOthers = new ArrayList<>();
                        walk(new MimeMessage(SESSION, new ByteArrayInputStream(raw)), true, new ArrayList<>(), originalOthers);
                        List<String> before = originalOthers.stream().map(MimeCorpusTest::sha256).sorted().toList();
                        List<String> after = others.stream().map(MimeCorpusTest::sha256).sorted().toList();
                        assertEquals(before, after, "attachments and other parts must keep their bytes");
                        keptParts += before.size();
                        everyCharsetMatches(result);
                    }
                    case SIGNED, UNREADABLE -> {
                        headersOnly.add(file.getFileName() + " " + outcome.result().name().toLowerCase(Locale.ROOT));
                        if (outcome.result() == FooterInjector.Result.SIGNED) {
                            signed++;
                        } else {
                            unreadable++;
                        }
                        assertEquals(sha256(body(raw)), sha256(body(written)), "the body must stay byte for byte");
                    }
                }
            } catch (Exception | AssertionError e) {
                failures.add(file.getFileName() + ": " + e);
            }
        }
        System.out.printf("MIME corpus: %d messages, %d with the footer (%d body text parts, %d other parts kept byte"
                        + " for byte), %d signed (headers only), %d unreadable MIME (headers only): %s%n",
                files.size(), injected, bodyParts, keptParts, signed, unreadable, headersOnly);
        assertEquals(List.of(), failures);
        assertEquals(files.size(), injected + signed + unreadable);
        assertTrue(signed >= 2, "msg_33 and msg_45 are signed");
    }

    /** As the message arrives over SMTP: no mbox From_ line, CRLF line ends. */
    static byte[] smtpForm(byte[] file) {
        String text = new String(file, StandardCharsets.ISO_8859_1);
        if (text.startsWith("From ")) {
            text = text.substring(text.indexOf('\n') + 1);
        }
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The body text parts (the first part of a multipart, every alternative, the root of a related)
     * into {@code body}; the raw bytes of every other leaf (attachments, attached messages whole) into
     * {@code others}. Independent of the injector's code: the rule as the issue states it.
     */
    private static void walk(Part part, boolean onBodyPath, List<Part> body, List<byte[]> others) throws Exception {
        ContentType type = type(part);
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(safeDisposition(part)) || fileName(part) != null
                || type.getParameter("name") != null;
        if (type.getPrimaryType().equalsIgnoreCase("multipart") && !attachment) {
            Object content;
            try {
                content = part.getContent();
            } catch (javax.mail.MessagingException broken) {
                others.add(raw(part));
                return;
            }
            Multipart multipart = (Multipart) content;
            String subtype = type.getSubType().toLowerCase(Locale.ROOT);
            boolean signed = subtype.equals("signed") || subtype.equals("encrypted");
            for (int i = 0; i < multipart.getCount(); i++) {
                boolean child = onBodyPath && !signed && (subtype.equals("alternative") || i == 0);
                walk(multipart.getBodyPart(i), child, body, others);
            }
            return;
        }
        boolean text = type.match("text/plain") || type.match("text/html");
        boolean digestMessage = part instanceof MimeBodyPart bodyPart && bodyPart.getHeader("Content-Type", null) == null
                && isInDigest(bodyPart);
        if (text && !attachment && !digestMessage && (onBodyPath || isFooterPart(part))) {
            body.add(part);
        } else {
            others.add(raw(part));
        }
    }

    private static boolean isInDigest(MimeBodyPart part) throws Exception {
        return part.getParent() != null && part.getParent().getContentType().toLowerCase(Locale.ROOT).contains("multipart/digest");
    }

    /** A part the injector added (its own text/plain footer part). */
    private static boolean isFooterPart(Part part) throws Exception {
        return Part.INLINE.equalsIgnoreCase(safeDisposition(part)) && declaredText(part).contains(MARK);
    }

    private static void everyCharsetMatches(Part part) throws Exception {
        ContentType type = type(part);
        if (type.getPrimaryType().equalsIgnoreCase("multipart")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                everyCharsetMatches(multipart.getBodyPart(i));
            }
        } else if (type.getPrimaryType().equalsIgnoreCase("text") && type.getParameter("charset") != null) {
            declaredText(part);
        }
    }

    /** The part's text, decoded strictly with its declared charset (a mismatch throws). */
    private static String declaredText(Part part) throws Exception {
        String name = type(part).getParameter("charset");
        Charset charset = Charset.forName(name == null ? "us-ascii" : name.strip());
        byte[] bytes = TextPartFooter.readAll(part.getInputStream());
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static ContentType type(Part part) throws Exception {
        String[] values = part.getHeader("Content-Type");
        try {
            return values == null ? new ContentType("text/plain") : new ContentType(values[0]);
        } catch (javax.mail.internet.ParseException e) {
            return new ContentType("application/octet-stream");
        }
    }

    private static String safeDisposition(Part part) {
        try {
            return part.getDisposition();
        } catch (Exception e) {
            return null;
        }
    }

    private static String fileName(Part part) {
        try {
            return part.getFileName();
        } catch (Exception e) {
            return null;
        }
    }

    private static byte[] raw(Part part) throws Exception {
        if (part instanceof MimeBodyPart bodyPart) {
            return bodyPart.getRawInputStream().readAllBytes();
        }
        return ((MimeMessage) part).getRawInputStream().readAllBytes();
    }

    private static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    /** What follows the header block. */
    private static byte[] body(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        return end < 0 ? new byte[0] : text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
