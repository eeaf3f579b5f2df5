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
        public void delivered(String tenantId, MailAddress recipient, String remoteHost) {
        }

        @Override
        public void refused(String tenantId, MailAddress recipient, String remoteHost, boolean permanent, String reply) {
        }
    };

    /** The next hop ({@code remoteHost}, the MX or smart host name) accepted the message for this recipient. */
    void delivered(String tenantId, MailAddress recipient, String remoteHost);

    /**
     * The next hop refused this recipient with {@code reply} (the SMTP reply, code and text);
     * {@code permanent} for a 5xx, after which the message is bounced, not retried.
     */
    void refused(String tenantId, MailAddress recipient, String remoteHost, boolean permanent, String reply);
}
