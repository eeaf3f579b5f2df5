package io.mailgate.plugin.footer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import javax.activation.DataHandler;
import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.internet.MimePart;
import javax.mail.internet.ParseException;
import javax.mail.util.ByteArrayDataSource;

/**
 * Puts a footer into a message, MIME-correctly (POLICY.md REQ-6). Input: a parsed message and the
 * footer for its one recipient; output: the message changed in place (the caller saves it), and
 * what was done.
 *
 * <p>Where the footer goes: into every text/plain and text/html part that is the body, never into
 * an attachment (a part with {@code Content-Disposition: attachment} or a file name). The body of a
 * multipart/alternative is every alternative; of a multipart/related its root part; of any other
 * multipart (mixed, digest, report …) its first part. When that first part is not text (an image,
 * an attached message), a text/plain footer part is added after it; a message that is neither text
 * nor multipart becomes a multipart/mixed of itself and the footer part.
 *
 * <p>Signed or encrypted messages (multipart/signed, multipart/encrypted, application/pkcs7-mime)
 * and messages whose MIME structure cannot be read are left as they are: {@link Result#SIGNED},
 * {@link Result#UNREADABLE}. Text parts are rewritten by {@link TextPartFooter}; every other part
 * keeps its bytes.
 */
final class FooterInjector {

    /** What happened to a message. */
    enum Result {
        /** The footer is in every body part. */
        INJECTED,
        /** Signed or encrypted: the body must not change. */
        SIGNED,
        /** The MIME structure cannot be parsed (a missing boundary …): the body is left as it is. */
        UNREADABLE
    }

    /** Stands for a Content-Type that cannot be parsed: treated as an opaque part. */
    private static final ContentType UNPARSEABLE = new ContentType("application", "octet-stream", null);

    private FooterInjector() {
    }

    static Result inject(MimeMessage message, Footer footer) throws MessagingException, IOException {
        ContentType type = contentType(message);
        if (type == UNPARSEABLE) {
            return Result.UNREADABLE;
        }
        if (isSigned(type)) {
            return Result.SIGNED;
        }
        try {
            if (!injectInto(message, type, footer)) {
                wrapWithFooter(message, footer);
            }
        } catch (ParseException | MultipartUnreadable e) {
            return Result.UNREADABLE;
        }
        return Result.INJECTED;
    }

    static boolean isSigned(ContentType type) {
        String base = type.getBaseType().toLowerCase(Locale.ROOT);
        return base.equals("multipart/signed") || base.equals("multipart/encrypted")
                || base.equals("application/pkcs7-mime") || base.equals("application/x-pkcs7-mime");
    }

    /** True when the footer went into {@code part} or below it. */
    private static boolean injectInto(MimePart part, ContentType type, Footer footer)
            throws MessagingException, IOException {
        if (isAttachment(part, type) || isSigned(type)) {
            return false;
        }
        if (type.match("text/plain")) {
            return TextPartFooter.appendText(part, type, footer.text());
        }
        if (type.match("text/html")) {
            return TextPartFooter.insertHtml(part, type, footer.html());
        }
        if (!type.getPrimaryType().equalsIgnoreCase("multipart")) {
            return false;
        }
        MimeMultipart multipart = multipart(part);
        String subtype = type.getSubType().toLowerCase(Locale.ROOT);
        if (subtype.equals("alternative")) {
            boolean any = false;
            for (int i = 0; i < multipart.getCount(); i++) {
                MimeBodyPart child = (MimeBodyPart) multipart.getBodyPart(i);
                any |= injectInto(child, contentType(child), footer);
            }
            return any;
        }
        if (multipart.getCount() == 0) {
            throw new MultipartUnreadable();
        }
        MimeBodyPart first = (MimeBodyPart) (subtype.equals("related") ? relatedRoot(multipart, type) : multipart.getBodyPart(0));
        // RFC 2046 5.1.5: a part of a digest without Content-Type is an attached message.
        boolean attachedMessage = subtype.equals("digest") && first.getHeader("Content-Type", null) == null;
        if (!attachedMessage && injectInto(first, contentType(first), footer)) {
            return true;
        }
        if (subtype.equals("related")) {
            return false;
        }
        multipart.addBodyPart(footerPart(footer), 1);
        return true;
    }

    private static MimeMultipart multipart(MimePart part) throws MessagingException, IOException {
        Object content;
        try {
            content = part.getContent();
            if (!(content instanceof MimeMultipart multipart)) {
                throw new MultipartUnreadable();
            }
            multipart.getCount(); // parses it: a missing start boundary shows here
            return multipart;
        } catch (MessagingException e) {
            throw new MultipartUnreadable();
        }
    }

    private static BodyPart relatedRoot(MimeMultipart multipart, ContentType type) throws MessagingException {
        String start = type.getParameter("start");
        if (start != null) {
            BodyPart root = multipart.getBodyPart(start.strip());
            if (root != null) {
                return root;
            }
        }
        return multipart.getBodyPart(0);
    }

    /** A message that is not text nor a multipart: it becomes multipart/mixed of itself and the footer. */
    private static void wrapWithFooter(MimeMessage message, Footer footer) throws MessagingException, IOException {
        InternetHeaders headers = new InternetHeaders();
        for (String name : new String[] {"Content-Type", "Content-Transfer-Encoding", "Content-Disposition",
                "Content-ID", "Content-Description", "Content-Language", "Content-Location", "Content-MD5"}) {
            String[] values = message.getHeader(name);
            if (values != null) {
                for (String value : values) {
                    headers.addHeader(name, value);
                }
            }
        }
        byte[] raw;
        try (InputStream in = message.getRawInputStream()) {
            raw = TextPartFooter.readAll(in);
        }
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(new MimeBodyPart(headers, raw));
        mixed.addBodyPart(footerPart(footer));
        message.setContent(mixed);
        for (String name : new String[] {"Content-Transfer-Encoding", "Content-Disposition", "Content-ID",
                "Content-Description", "Content-Location", "Content-MD5"}) {
            message.removeHeader(name);
        }
    }

    /** The footer as a part of its own: text/plain, UTF-8, quoted-printable. */
    static MimeBodyPart footerPart(Footer footer) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        String text = footer.text().replace("\r\n", "\n").replace("\n", "\r\n");
        String type = "text/plain; charset=utf-8";
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), type)));
        part.setHeader("Content-Type", type);
        part.setHeader("Content-Transfer-Encoding", "quoted-printable");
        part.setDisposition(Part.INLINE);
        return part;
    }

    /** A part with a file name, or marked as an attachment, is an attachment. */
    static boolean isAttachment(MimePart part, ContentType type) throws MessagingException {
        String disposition;
        try {
            disposition = part.getDisposition();
        } catch (ParseException e) {
            disposition = null;
        }
        if (disposition != null && disposition.equalsIgnoreCase(Part.ATTACHMENT)) {
            return true;
        }
        String fileName;
        try {
            fileName = part.getFileName();
        } catch (ParseException e) {
            fileName = null;
        }
        return fileName != null || type.getParameter("name") != null;
    }

    /** The part's Content-Type; text/plain (RFC 2045's default) when absent or unreadable. */
    static ContentType contentType(MimePart part) throws MessagingException {
        String value = part.getHeader("Content-Type", null);
        if (value == null) {
            return new ContentType("text", "plain", null);
        }
        try {
            return new ContentType(value);
        } catch (ParseException e) {
            return UNPARSEABLE;
        }
    }

    /** A multipart whose parts cannot be found. */
    private static final class MultipartUnreadable extends MessagingException {
        MultipartUnreadable() {
            super("the multipart cannot be read");
        }
    }
}
