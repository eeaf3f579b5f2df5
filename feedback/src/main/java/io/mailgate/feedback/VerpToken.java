package io.mailgate.feedback;

import java.time.Instant;

/**
 * What a VERP return path names: the tenant, the message and the recipient, and when it was issued.
 * The recipient is a number (its position in the message's recipient list, or a recipient row id), not the
 * address: an address would not fit in the 64 octets of a local part together with a signature.
 */
public record VerpToken(long tenantId, long messageId, long recipientId, Instant issuedAt) {

    public VerpToken {
        if (tenantId < 0 || messageId < 0 || recipientId < 0) {
            throw new IllegalArgumentException("ids must not be negative");
        }
        if (issuedAt == null) {
            throw new IllegalArgumentException("issuedAt is required");
        }
    }
}
