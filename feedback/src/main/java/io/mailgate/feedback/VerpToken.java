package io.mailgate.feedback;

import java.time.Instant;

/**
 * What a VERP return path names: the tenant, the recipient and when it was issued. The message is
 * named by the {@code Feedback-ID} header of the original, which bounces and complaints quote. The
 * recipient is a number (its position in the message's recipient list, 0 for the whole message), not
 * the address: an address would not fit in the 64 octets of a local part together with a signature.
 */
public record VerpToken(String tenantId, long recipientId, Instant issuedAt) {

    public VerpToken {
        if (tenantId == null || tenantId.isEmpty()) {
            throw new IllegalArgumentException("a tenant id is required");
        }
        if (recipientId < 0) {
            throw new IllegalArgumentException("the recipient id must not be negative");
        }
        if (issuedAt == null) {
            throw new IllegalArgumentException("issuedAt is required");
        }
    }
}
