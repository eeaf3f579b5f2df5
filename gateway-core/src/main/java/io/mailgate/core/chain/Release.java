package io.mailgate.core.chain;

import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * How a message released from the quarantine continues through the chain after the stage that
 * held it: it goes back to the root processor marked with that stage, and every plugin stage
 * skips it until the marked one, which clears the mark; the stages after it run as usual. (Plain
 * James mailets before that stage run again; the shipped chain has only idempotent ones there.)
 */
public final class Release {

    /** The stage whose quarantine verdict held the message (a String), set on the quarantined copy. */
    public static final AttributeName QUARANTINED_BY = AttributeName.of("mailgate.quarantined-by");
    /** Set on a released message: the stages up to and including this one are skipped. */
    static final AttributeName RELEASED_AFTER = AttributeName.of("mailgate.released-after");

    private Release() {
    }

    /** Marks a quarantined message to continue after the stage that held it; false if it names none. */
    public static boolean markReleased(Mail mail) {
        Optional<String> stage = string(mail, QUARANTINED_BY);
        if (stage.isEmpty()) {
            return false;
        }
        mail.removeAttribute(QUARANTINED_BY);
        mail.setAttribute(new Attribute(RELEASED_AFTER, AttributeValue.of(stage.get())));
        return true;
    }

    /** True when {@code stage} must let this mail pass untouched; clears the mark at the releasing stage. */
    static boolean skips(Mail mail, String stage) {
        Optional<String> after = string(mail, RELEASED_AFTER);
        if (after.isEmpty()) {
            return false;
        }
        if (after.get().equals(stage)) {
            mail.removeAttribute(RELEASED_AFTER);
        }
        return true;
    }

    static Optional<String> string(Mail mail, AttributeName name) {
        return mail.getAttribute(name).map(attribute -> String.valueOf(attribute.getValue().value()));
    }
}
