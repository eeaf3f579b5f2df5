package io.mailgate.core.delivery;

import org.apache.james.core.MailAddress;

/**
 * What delivery learned about each recipient of a tenant's message, as it learns it: the reputation
 * figures (POLICY.md REP-2) are counted from these calls. Called on delivery threads; keep it fast
 * and never throw.
 */
public interface DeliveryListener {

    DeliveryListener NONE = new DeliveryListener() {
        @Override
        public void delivered(String tenantId, MailAddress recipient, Delivery delivery) {
        }

        @Override
        public void refused(String tenantId, MailAddress recipient, String remoteHost, boolean permanent, String reply) {
        }
    };

    /**
     * How a message was delivered: the next hop that took it ({@code remoteHost}, the MX or smart
     * host name), whether the session was encrypted, whether it is list mail (List-Unsubscribe) and
     * whether it offered one-click unsubscribe (RFC 8058).
     */
    record Delivery(String remoteHost, boolean tls, boolean listMail, boolean oneClick) {
    }

    /** The next hop accepted the message for this recipient. */
    void delivered(String tenantId, MailAddress recipient, Delivery delivery);

    /**
     * The next hop refused this recipient with {@code reply} (the SMTP reply, code and text);
     * {@code permanent} for a 5xx, after which the message is bounced, not retried.
     */
    void refused(String tenantId, MailAddress recipient, String remoteHost, boolean permanent, String reply);
}
