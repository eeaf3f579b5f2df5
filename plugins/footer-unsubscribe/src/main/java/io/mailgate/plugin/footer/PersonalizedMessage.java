package io.mailgate.plugin.footer;

import java.io.IOException;
import java.io.InputStream;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;
import javax.mail.util.SharedByteArrayInputStream;

import io.mailgate.api.UnsubscribeLinks;

/**
 * One recipient's copy of a message: parsed from the original's bytes (shared, not copied), with
 * the List-Unsubscribe headers of REQ-2 replacing any the tenant set, and its footer injected by
 * {@link FooterInjector}. A copy whose body stays as it was (signed, unreadable MIME) keeps the
 * original body bytes exactly: saving it changes nothing below the headers.
 */
final class PersonalizedMessage extends MimeMessage {

    static final String LIST_UNSUBSCRIBE = "List-Unsubscribe";
    static final String LIST_UNSUBSCRIBE_POST = "List-Unsubscribe-Post";
    static final String ONE_CLICK = "List-Unsubscribe=One-Click";
    // Raw 8-bit header bytes (RFC 6532 UTF-8) are read and written as they are.
    private static final Session SESSION = Session.getInstance(utf8Headers());

    private boolean bodyChanged;

    private static java.util.Properties utf8Headers() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("mail.mime.allowutf8", "true");
        return properties;
    }

    private PersonalizedMessage(InputStream in) throws MessagingException {
        super(SESSION, in);
    }

    /** What became of one copy. */
    record Outcome(PersonalizedMessage message, FooterInjector.Result result) {
    }

    static Outcome of(SharedByteArrayInputStream original, Footer footer, UnsubscribeLinks.Links links)
            throws MessagingException, IOException {
        PersonalizedMessage message = parse(original, links);
        FooterInjector.Result result = FooterInjector.inject(message, footer);
        if (result == FooterInjector.Result.INJECTED) {
            message.bodyChanged = true;
            try {
                message.saveChanges();
            } catch (javax.mail.internet.ParseException unreadableHeader) {
                // A part's Content-Type that javax.mail cannot parse stops the save: the body stays as it was.
                result = FooterInjector.Result.UNREADABLE;
            }
        }
        if (result == FooterInjector.Result.UNREADABLE) {
            // The injector may have changed some parts before it met the unreadable one: start again.
            message = parse(original, links);
        }
        return new Outcome(message, result);
    }

    private static PersonalizedMessage parse(SharedByteArrayInputStream original, UnsubscribeLinks.Links links)
            throws MessagingException {
        PersonalizedMessage message = new PersonalizedMessage((InputStream) original.newStream(0, -1));
        message.removeHeader(LIST_UNSUBSCRIBE);
        message.removeHeader(LIST_UNSUBSCRIBE_POST);
        // Folded after the comma: the two links are long, a header line is not.
        message.setHeader(LIST_UNSUBSCRIBE, MimeUtility.fold(LIST_UNSUBSCRIBE.length() + 2, links.listUnsubscribeHeader()));
        message.setHeader(LIST_UNSUBSCRIBE_POST, ONE_CLICK);
        return message;
    }

    /**
     * Saving a copy with its body as it was touches nothing (javax.mail would parse and re-serialize
     * a multipart, which may differ from a signed original, or fail on broken MIME); a copy with a
     * footer is saved as usual, keeping its Message-ID.
     */
    @Override
    protected void updateHeaders() throws MessagingException {
        if (bodyChanged) {
            super.updateHeaders();
        }
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        if (getHeader("Message-ID") == null) {
            super.updateMessageID();
        }
    }
}
