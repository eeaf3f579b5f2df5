package io.mailgate.plugin.auth;

import org.apache.james.core.MailAddress;

/** AUTH-7: the same message to the same recipient from more than one domain. */
final class SameContent {

    static final String POLICY = "AUTH-7";

    private SameContent() {
    }

    static String reason(MailAddress recipient, String otherDomain) {
        return recipient.asString() + " got the same message from " + otherDomain
                + " in the last 24 hours; the same message may not come from more than one domain";
    }
}
