package io.mailgate.api;

import java.util.Optional;

import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;

/** Names of the mail attributes the gateway sets on every message, for stages to read. */
public final class MailgateAttributes {

    /** The id of the tenant that sent the message (a String). Always present in the chain. */
    public static final AttributeName TENANT_ID = AttributeName.of("mailgate.tenant");

    /** The gateway's queue id of the message (a String), the one the log lines and journal show. */
    public static final AttributeName QUEUE_ID = AttributeName.of("mailgate.queue-id");

    /** The tenant that sent {@code mail}; empty for the gateway's own mail (a DSN, a notice). */
    public static Optional<String> tenantId(Mail mail) {
        return text(mail, TENANT_ID);
    }

    /** The queue id the log lines and journal show; the James mail name when none was set. */
    public static String queueId(Mail mail) {
        return text(mail, QUEUE_ID).orElse(mail.getName());
    }

    private static Optional<String> text(Mail mail, AttributeName name) {
        return mail.getAttribute(name).map(attribute -> attribute.getValue().value())
                .filter(String.class::isInstance).map(String.class::cast);
    }

    private MailgateAttributes() {
    }
}
