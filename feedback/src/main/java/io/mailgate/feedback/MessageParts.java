package io.mailgate.feedback;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

/**
 * A message taken apart once: its top headers and its leaf parts, decoded, in order.
 * Attached messages (message/rfc822) are kept whole, not descended into: they are the original
 * mail a bounce or complaint returns, and their text must not be mistaken for the report.
 */
final class MessageParts {

    /** One leaf: lower-case MIME type, its charset, and the decoded content bytes. */
    record Leaf(String type, String charset, byte[] content) {
        String text() {
            return Texts.decode(content, charset);
        }

        boolean is(String mimeType) {
            return type.equals(mimeType);
        }
    }

    private static final Session SESSION = lenientSession();

    final InternetHeaders headers;
    final String topType;
    final List<Leaf> leaves = new ArrayList<>();

    private MessageParts(InternetHeaders headers, String topType) {
        this.headers = headers;
        this.topType = topType;
    }

    /** Reads a message; throws {@link Unparseable} with the reason when it is not a message at all. */
    static MessageParts read(byte[] raw) throws Unparseable {
        if (raw == null || raw.length == 0) {
            throw new Unparseable("empty input");
        }
        MimeMessage message;
        try {
            message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
        } catch (MessagingException | RuntimeException e) {
            throw new Unparseable("bad message structure: " + e.getMessage());
        }
        InternetHeaders headers = new InternetHeaders();
        try {
            var all = message.getAllHeaders();
            while (all.hasMoreElements()) {
                var h = all.nextElement();
                headers.addHeader(h.getName(), h.getValue());
            }
        } catch (MessagingException | RuntimeException e) {
            throw new Unparseable("bad headers: " + e.getMessage());
        }
        if (!headers.getAllHeaders().hasMoreElements()) {
            throw new Unparseable("no header fields");
        }
        MessageParts parts = new MessageParts(headers, typeOf(message));
        parts.collect(message, 0);
        if (parts.leaves.isEmpty()) {
            throw new Unparseable("no body");
        }
        return parts;
    }

    String header(String name) {
        String[] values = headers.getHeader(name);
        if (values == null || values.length == 0 || values[0] == null) {
            return "";
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(values[0])).trim();
        } catch (Exception e) {
            return MimeUtility.unfold(values[0]).trim();
        }
    }

    /** Who sent the bounce and through which hosts and software: the provider context of rules. */
    String senderContext() {
        StringBuilder context = new StringBuilder(header("From"));
        for (String name : List.of("X-Mailer", "X-NAI-Header", "X-SES-Outgoing", "X-Gm-Message-State")) {
            String value = header(name);
            if (!value.isEmpty()) {
                context.append(' ').append(name).append(' ').append(value);
            }
        }
        String[] received = headers.getHeader("Received");
        if (received != null) {
            for (int i = 0; i < Math.min(3, received.length); i++) {
                context.append(' ').append(MimeUtility.unfold(received[i]));
            }
        }
        return Texts.collapse(context.toString());
    }

    String topParameter(String name) {
        try {
            String value = new ContentType(header("Content-Type")).getParameter(name);
            return value == null ? "" : value.toLowerCase(Locale.ROOT);
        } catch (Exception e) {
            return "";
        }
    }

    List<Leaf> leavesOf(String type) {
        return leaves.stream().filter(l -> l.is(type)).toList();
    }

    private void collect(Part part, int depth) {
        String type = typeOf(part);
        if (type.startsWith("multipart/") && depth < 10) {
            try {
                Object content = part.getContent();
                if (content instanceof Multipart multipart) {
                    for (int i = 0; i < multipart.getCount(); i++) {
                        BodyPart child = multipart.getBodyPart(i);
                        collect(child, depth + 1);
                    }
                    return;
                }
            } catch (MessagingException | IOException | RuntimeException brokenMultipart) {
                // A multipart without its boundaries: read the body as text below.
            }
            leaves.add(new Leaf("text/plain", null, content(part, true)));
            return;
        }
        leaves.add(new Leaf(type, charsetOf(part), content(part, false)));
    }

    private static byte[] content(Part part, boolean raw) {
        try (InputStream in = raw ? rawStream(part) : part.getInputStream()) {
            return in.readAllBytes();
        } catch (MessagingException | IOException | RuntimeException undecodable) {
            // Unknown transfer encoding, broken base64: keep the bytes as they are.
            try (InputStream in = rawStream(part)) {
                return in.readAllBytes();
            } catch (MessagingException | IOException | RuntimeException e) {
                return new byte[0];
            }
        }
    }

    private static InputStream rawStream(Part part) throws MessagingException {
        if (part instanceof MimeMessage m) {
            return m.getRawInputStream();
        }
        if (part instanceof javax.mail.internet.MimeBodyPart b) {
            return b.getRawInputStream();
        }
        try {
            return part.getInputStream();
        } catch (IOException e) {
            throw new MessagingException("unreadable part", e);
        }
    }

    private static String typeOf(Part part) {
        try {
            String header = part.getContentType();
            if (header == null) {
                return "text/plain";
            }
            return new ContentType(header).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "text/plain";
        }
    }

    private static String charsetOf(Part part) {
        try {
            return new ContentType(part.getContentType()).getParameter("charset");
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static Session lenientSession() {
        Properties p = new Properties();
        p.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
        p.setProperty("mail.mime.multipart.allowempty", "true");
        p.setProperty("mail.mime.parameters.strict", "false");
        p.setProperty("mail.mime.address.strict", "false");
        p.setProperty("mail.mime.decodetext.strict", "false");
        p.setProperty("mail.mime.base64.ignoreerrors", "true");
        p.setProperty("mail.mime.uudecode.ignoreerrors", "true");
        p.setProperty("mail.mime.uudecode.ignoremissingbeginend", "true");
        return Session.getInstance(p);
    }

    /** Why a message could not be read at all. */
    static final class Unparseable extends Exception {
        Unparseable(String why) {
            super(why);
        }
    }
}
