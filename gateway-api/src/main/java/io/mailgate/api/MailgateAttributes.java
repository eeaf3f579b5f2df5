package io.mailgate.api;

import org.apache.mailet.AttributeName;

/** Names of the mail attributes the gateway sets on every message, for stages to read. */
public final class MailgateAttributes {

    /** The id of the tenant that sent the message (a String). Always present in the chain. */
    public static final AttributeName TENANT_ID = AttributeName.of("mailgate.tenant");

    /** The gateway's queue id of the message (a String), the one the log lines and journal show. */
    public static final AttributeName QUEUE_ID = AttributeName.of("mailgate.queue-id");

    private MailgateAttributes() {
    }
}
