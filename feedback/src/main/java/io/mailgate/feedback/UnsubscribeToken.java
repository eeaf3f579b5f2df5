package io.mailgate.feedback;

import java.time.Instant;

/**
 * What an unsubscribe link names (POLICY.md REQ-1 … REQ-3): who sent, to whom, for which list and
 * mailing, and when the link was made.
 *
 * @param tenantId  the sending tenant
 * @param resource  the tenant's list or stream ({@code X-Mailgate-Resource}), empty for none
 * @param recipient the address the message went to
 * @param mailing   the campaign ({@code X-Mailgate-Mailing}), empty for none
 * @param issuedAt  when the link was made, to the minute
 */
public record UnsubscribeToken(String tenantId, String resource, String recipient, String mailing, Instant issuedAt) {
}
