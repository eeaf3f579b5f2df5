package io.mailgate.plugin.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimePart;
import javax.mail.internet.MimeUtility;

/**
 * Reads what the rules look at out of a MIME message: the subject, the chosen headers, every text
 * part decoded (quoted-printable, base64; any charset the JDK knows, UTF-8 or windows-1251 when
 * none is given or it is unknown), HTML parts as text (jsoup), attachment names, links. Binary
 * parts are not read. Malformed parts are read as far as they go; nesting deeper than
 * {@value #MAX_DEPTH} levels is not followed and is reported.
 */
final class MessageReader {

    static final int MAX_DEPTH = 32;
    static final int MAX_PARTS = 500;
    static final int MAX_PART_BYTES = 2 * 1024 * 1024;

    private final List<String> headerNames;

    MessageReader(List<String> headerNames) {
        this.headerNames = List.copyOf(headerNames);
    }

    MessageText read(MimeMessage message) {
        MessageText text = new MessageText();
        text.append("subject", subject(message));
        for (String name : headerNames) {
            for (String value : headers(message, name)) {
                text.append("headers", decodeHeader(value));
            }
        }
        new Walk(text).part(message, 0);
        LinkText.find(text.field("subject"), text);
        LinkText.find(text.field("body"), text);
        StringBuilder domains = new StringBuilder();
        text.links().forEach(link -> domains.append(link.host()).append(' '));
        text.append("links", domains.toString());
        return text;
    }

    static String subject(MimeMessage message) {
        List<String> values = headers(message, "Subject");
        return values.isEmpty() ? "" : decodeHeader(values.get(0));
    }

    static List<String> headers(MimeMessage message, String name) {
        try {
            String[] values = message.getHeader(name);
            return values == null ? List.of() : List.of(values);
        } catch (MessagingException e) {
            return List.of();
        }
    }

    static String decodeHeader(String raw) {
        String unfolded = MimeUtility.unfold(raw);
        try {
            return MimeUtility.decodeText(unfolded);
        } catch (IOException | RuntimeException e) {
            return unfolded;
        }
    }

    /** One pass over the parts, with a count that bounds the work on hostile structures. */
    private static final class Walk {

        private final MessageText text;
        private int parts;

        Walk(MessageText text) {
            this.text = text;
        }

        void part(Part part, int depth) {
            if (depth > MAX_DEPTH) {
                text.tooDeep();
                return;
            }
            if (++parts > MAX_PARTS) {
                text.problem("more than " + MAX_PARTS + " parts; the rest is not screened");
                return;
            }
            ContentType type = contentType(part);
            String base = type.getBaseType().toLowerCase(Locale.ROOT);
            fileName(part);
            try {
                if (base.startsWith("multipart/")) {
                    Object content = part.getContent();
                    if (content instanceof Multipart multipart) {
                        for (int i = 0; i < multipart.getCount(); i++) {
                            BodyPart child = multipart.getBodyPart(i);
                            part(child, depth + 1);
                        }
                        return;
                    }
                    text.append("body", decode(part, type));
                } else if (base.equals("message/rfc822")) {
                    Object content = part.getContent();
                    if (content instanceof MimeMessage nested) {
                        text.append("body", subject(nested));
                        part(nested, depth + 1);
                    }
                } else if (base.equals("text/html")) {
                    HtmlText.read(decode(part, type), text);
                } else if (base.startsWith("text/")) {
                    text.append("body", decode(part, type));
                }
            } catch (MessagingException | IOException | RuntimeException e) {
                // A part that does not parse (no closing boundary, a bad encoding): read what is there as text.
                text.problem("part " + parts + " (" + base + ") is malformed: " + e.getMessage());
                text.append("body", raw(part));
            } catch (StackOverflowError e) {
                text.tooDeep();
            }
        }

        private void fileName(Part part) {
            try {
                String name = part.getFileName();
                if (name != null) {
                    text.append("attachments", decodeHeader(name).replace('.', ' '));
                }
            } catch (MessagingException | RuntimeException e) {
                text.problem("an attachment name cannot be read: " + e.getMessage());
            }
        }

        private static ContentType contentType(Part part) {
            try {
                String value = part.getContentType();
                return value == null ? new ContentType("text/plain") : new ContentType(value);
            } catch (MessagingException | RuntimeException e) {
                try {
                    return new ContentType("text/plain");
                } catch (MessagingException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }

        private String decode(Part part, ContentType type) throws MessagingException, IOException {
            byte[] bytes;
            try (InputStream in = part.getInputStream()) {
                bytes = readUpTo(in);
            } catch (IOException e) {
                text.problem("a part cannot be decoded (" + e.getMessage() + "); read as it is");
                return raw(part);
            }
            return charsetDecode(bytes, type.getParameter("charset"));
        }

        private String raw(Part part) {
            try (InputStream in = part instanceof MimePart mime ? rawStream(mime) : part.getInputStream()) {
                return charsetDecode(readUpTo(in), null);
            } catch (MessagingException | IOException | RuntimeException e) {
                return "";
            }
        }

        private static InputStream rawStream(MimePart part) throws MessagingException {
            if (part instanceof MimeMessage message) {
                return message.getRawInputStream();
            }
            return ((javax.mail.internet.MimeBodyPart) part).getRawInputStream();
        }
    }

    static byte[] readUpTo(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while (out.size() < MAX_PART_BYTES && (read = in.read(buffer, 0, Math.min(buffer.length, MAX_PART_BYTES - out.size()))) > 0) {
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    /** The declared charset if the JDK knows it; else UTF-8 if the bytes are UTF-8, else windows-1251. */
    static String charsetDecode(byte[] bytes, String declared) {
        if (declared != null && !declared.isBlank()) {
            try {
                Charset charset = Charset.forName(MimeUtility.javaCharset(declared.strip()));
                if (!charset.equals(StandardCharsets.US_ASCII)) {
                    return new String(bytes, charset);
                }
            } catch (RuntimeException unknown) {
                // an unknown or misspelt charset: guess as below
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, Charset.forName("windows-1251"));
        }
    }
}
