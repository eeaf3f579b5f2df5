package io.mailgate.feedback;

import java.util.Locale;
import java.util.regex.Pattern;

/** Auto-replies (RFC 3834 and the headers vacation programs set): the recipient is away, not gone. */
final class AutoReplyDetector {

    private static final Pattern AUTO_SUBJECT = Pattern.compile(
            "^(?:auto(?:matic)?[ -]?(?:reply|response|antwort)|out of (?:the )?office|vacation|away from|"
                    + "abwesenheit|absence|r[ée]ponse automatique|autoreply|on leave)",
            Pattern.CASE_INSENSITIVE);

    private AutoReplyDetector() {
    }

    static boolean applies(MessageParts message) {
        String autoSubmitted = message.header("Auto-Submitted").toLowerCase(Locale.ROOT);
        if (autoSubmitted.startsWith("auto-replied")) {
            return true;
        }
        return !message.header("X-Autoreply").isEmpty()
                || !message.header("X-Autorespond").isEmpty()
                || message.header("X-Apple-Action").equalsIgnoreCase("VACATION")
                || message.header("Precedence").equalsIgnoreCase("auto_reply")
                || AUTO_SUBJECT.matcher(message.header("Subject")).find();
    }

    static Finding parse(MessageParts message) {
        String from = Texts.bareAddress(message.header("From"));
        String text = Texts.limit(Texts.collapse(BounceText.region(message)), 300);
        return new Finding("auto-reply", from, "", "", "", text, "", "vacation", "");
    }
}
