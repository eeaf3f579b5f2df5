package io.mailgate.core.queue;

import java.util.stream.Collectors;

import org.apache.mailet.Mail;

/** How maillog lines write things, the same everywhere, as Postfix does: {@code to=<a@b>,<c@d>}. */
public final class MailLogFormat {

    private MailLogFormat() {
    }

    public static String recipients(Mail mail) {
        return mail.getRecipients().stream().map(r -> "<" + r.asString() + ">").collect(Collectors.joining(","));
    }
}
