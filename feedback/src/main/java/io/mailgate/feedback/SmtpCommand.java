package io.mailgate.feedback;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which SMTP command the remote server refused, as the bounce tells it. It matters: "user unknown"
 * in answer to RCPT TO means the mailbox is gone, in answer to DATA it is a content filter speaking.
 */
final class SmtpCommand {

    private static final Pattern COMMAND = Pattern.compile(
            "(?:in\\s+reply\\s+to\\s+(?:end\\s+of\\s+)?|after\\s+(?:end\\s+of\\s+)?|>>> ?|while (?:sending|talking).{0,40}?\\b)"
                    + "(DATA|RCPT(?:\\s+TO)?|MAIL(?:\\s+FROM)?|HELO|EHLO|initial\\s+connection|end\\s+of\\s+data|STARTTLS|QUIT)\\b",
            Pattern.CASE_INSENSITIVE);

    private SmtpCommand() {
    }

    /** The last command the text names ("" if none): MAIL, RCPT, DATA, HELO, CONN or STARTTLS. */
    static String find(String text) {
        Matcher m = COMMAND.matcher(text);
        String last = "";
        while (m.find()) {
            last = normalise(m.group(1));
        }
        return last;
    }

    private static String normalise(String raw) {
        String c = raw.toUpperCase(Locale.ROOT);
        if (c.startsWith("RCPT")) {
            return "RCPT";
        }
        if (c.startsWith("MAIL")) {
            return "MAIL";
        }
        if (c.startsWith("DATA") || c.startsWith("END")) {
            return "DATA";
        }
        if (c.equals("EHLO") || c.equals("HELO")) {
            return "HELO";
        }
        if (c.startsWith("INITIAL")) {
            return "CONN";
        }
        return c;
    }
}
