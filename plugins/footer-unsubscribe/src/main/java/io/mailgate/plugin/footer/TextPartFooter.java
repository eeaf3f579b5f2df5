package io.mailgate.plugin.footer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.activation.DataHandler;
import javax.mail.MessagingException;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimePart;
import javax.mail.internet.MimeUtility;
import javax.mail.util.ByteArrayDataSource;

/**
 * Adds a footer to one text part, keeping what a mail client relies on (REQ-6):
 * <ul>
 *   <li>the part's charset: the footer is written in it; a text footer the charset cannot hold
 *       (Russian in ISO-8859-1) turns the part into UTF-8, decoded and encoded again, with the
 *       charset parameter changed to match; an HTML footer never needs that, its other characters
 *       become character references ({@code &#1055;});</li>
 *   <li>the transfer encoding: base64 and quoted-printable are applied again; 7bit and 8bit are
 *       kept while the bytes allow them (ASCII for 7bit, lines of at most 998 octets), otherwise the
 *       part becomes quoted-printable;</li>
 *   <li>format=flowed (RFC 3676): footer lines end without a space (hard breaks) and lines that
 *       start with a space, "&gt;" or "From " are space-stuffed;</li>
 *   <li>HTML: the footer goes before the last {@code </body>}, else before the last {@code </html>},
 *       else at the end.</li>
 * </ul>
 * The part's other bytes are kept as they are. A part whose charset this JVM does not know or whose
 * transfer encoding cannot be decoded is left alone (the methods answer false).
 */
final class TextPartFooter {

    private static final Pattern BODY_END = Pattern.compile("(?i)</body\\s*>");
    private static final Pattern HTML_END = Pattern.compile("(?i)</html\\s*>");
    private static final int MAX_LINE = 998;

    private TextPartFooter() {
    }

    static boolean appendText(MimePart part, ContentType type, String footer) throws MessagingException {
        Optional<Charset> charset = charset(type);
        Optional<byte[]> decoded = decoded(part);
        if (charset.isEmpty() || decoded.isEmpty()) {
            return false;
        }
        byte[] body = decoded.get();
        boolean flowed = "flowed".equalsIgnoreCase(type.getParameter("format"));
        String addition = (endsWithLineBreak(body) ? "\r\n" : "\r\n\r\n") + lines(footer, flowed) + "\r\n";
        Optional<byte[]> encodedAddition = encode(addition, charset.get());
        if (encodedAddition.isPresent()) {
            replace(part, concat(body, encodedAddition.get(), body.length), contentTypeHeader(part, type, null));
        } else {
            String text = new String(body, charset.get()) + addition;
            replace(part, text.getBytes(StandardCharsets.UTF_8), contentTypeHeader(part, type, "utf-8"));
        }
        return true;
    }

    static boolean insertHtml(MimePart part, ContentType type, String footerHtml) throws MessagingException {
        Optional<Charset> charset = charset(type);
        Optional<byte[]> decoded = decoded(part);
        if (charset.isEmpty() || decoded.isEmpty()) {
            return false;
        }
        byte[] body = decoded.get();
        Charset cs = charset.get();
        String fragment = "\r\n" + references(footerHtml, cs) + "\r\n";
        byte[] result;
        if (asciiCompatible(cs)) {
            // One char per byte: the position found is a byte offset, and no other byte changes.
            int at = insertPosition(new String(body, StandardCharsets.ISO_8859_1));
            result = concat(body, fragment.getBytes(cs), at);
        } else {
            String text = new String(body, cs);
            int at = insertPosition(text);
            result = (text.substring(0, at) + fragment + text.substring(at)).getBytes(cs);
        }
        replace(part, result, contentTypeHeader(part, type, null));
        return true;
    }

    static int insertPosition(String html) {
        for (Pattern end : new Pattern[] {BODY_END, HTML_END}) {
            Matcher matcher = end.matcher(html);
            int last = -1;
            while (matcher.find()) {
                last = matcher.start();
            }
            if (last >= 0) {
                return last;
            }
        }
        return html.length();
    }

    /** Footer lines with CRLF; for format=flowed without trailing spaces and space-stuffed. */
    static String lines(String footer, boolean flowed) {
        String[] lines = footer.replace("\r\n", "\n").split("\n", -1);
        StringBuilder out = new StringBuilder(footer.length() + 16);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (flowed) {
                line = line.stripTrailing();
                if (line.startsWith(" ") || line.startsWith(">") || line.startsWith("From ")) {
                    line = " " + line;
                }
            }
            if (i > 0) {
                out.append("\r\n");
            }
            out.append(line);
        }
        return out.toString();
    }

    /** Characters the charset cannot hold, as HTML character references. */
    static String references(String html, Charset charset) {
        CharsetEncoder encoder = charset.newEncoder();
        StringBuilder out = new StringBuilder(html.length() + 32);
        html.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            if (cp < 0x80 || encoder.canEncode(ch)) {
                out.append(ch);
            } else {
                out.append("&#").append(cp).append(';');
            }
        });
        return out.toString();
    }

    private static void replace(MimePart part, byte[] content, String contentType) throws MessagingException {
        String encoding = transferEncoding(part.getEncoding(), content);
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, contentType)));
        part.setHeader("Content-Type", contentType);
        part.setHeader("Content-Transfer-Encoding", encoding);
    }

    /** The part's own encoding when it can carry the new bytes, else quoted-printable. */
    static String transferEncoding(String current, byte[] content) {
        String encoding = current == null ? "7bit" : current.strip().toLowerCase(Locale.ROOT);
        if (encoding.equals("base64") || encoding.equals("quoted-printable")) {
            return encoding;
        }
        boolean ascii = true;
        int line = 0;
        int longest = 0;
        for (byte b : content) {
            if (b < 0) {
                ascii = false;
            }
            if (b == '\n') {
                line = 0;
            } else if (b != '\r') {
                longest = Math.max(longest, ++line);
            }
        }
        if (longest <= MAX_LINE && (ascii || encoding.equals("8bit"))) {
            return encoding.equals("8bit") || encoding.equals("binary") ? encoding : "7bit";
        }
        return "quoted-printable";
    }

    private static String contentTypeHeader(MimePart part, ContentType type, String newCharset) throws MessagingException {
        String header = part.getHeader("Content-Type", null);
        if (newCharset == null && header != null) {
            return MimeUtility.unfold(header).strip();
        }
        ContentType changed = new ContentType(type.getPrimaryType(), type.getSubType(), type.getParameterList());
        if (newCharset != null || changed.getParameter("charset") == null) {
            changed.setParameter("charset", newCharset != null ? newCharset : "us-ascii");
        }
        return changed.toString();
    }

    private static Optional<Charset> charset(ContentType type) {
        String name = type.getParameter("charset");
        if (name == null || name.isBlank()) {
            return Optional.of(StandardCharsets.US_ASCII);
        }
        // The MIME name first: javax.mail's own table maps us-ascii to ISO-8859-1, which would let
        // 8-bit bytes into a part that says US-ASCII.
        for (String candidate : new String[] {name.strip(), MimeUtility.javaCharset(name.strip())}) {
            try {
                return Optional.of(Charset.forName(candidate));
            } catch (RuntimeException unknown) {
                // try the next spelling
            }
        }
        return Optional.empty();
    }

    private static Optional<byte[]> decoded(MimePart part) {
        try (InputStream in = part.getInputStream()) {
            return Optional.of(readAll(in));
        } catch (IOException | MessagingException e) {
            return Optional.empty();
        }
    }

    /**
     * Every byte of a stream. Not {@code readAllBytes}: javax.mail's base64 decoder can return 0 from a
     * read, which readAllBytes takes for the end (a text part over 8 KB would lose its tail).
     */
    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static Optional<byte[]> encode(String text, Charset charset) {
        try {
            ByteBuffer buffer = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
            return Optional.of(Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit()));
        } catch (CharacterCodingException unmappable) {
            return Optional.empty();
        }
    }

    private static boolean asciiCompatible(Charset charset) {
        return Arrays.equals("</body>".getBytes(charset), "</body>".getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean endsWithLineBreak(byte[] body) {
        return body.length == 0 || body[body.length - 1] == '\n';
    }

    /** {@code insert} placed at {@code at} within {@code body}. */
    private static byte[] concat(byte[] body, byte[] insert, int at) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + insert.length);
        out.write(body, 0, at);
        out.writeBytes(insert);
        out.write(body, at, body.length - at);
        return out.toByteArray();
    }
}
