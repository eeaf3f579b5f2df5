package io.mailgate.core.reputation;

/**
 * What the REP-2 figures count, per tenant and per mailbox provider group; the last three are facts
 * of delivered messages that the bulk-sender readiness report reads (TLS, one-click unsubscribe).
 */
public enum ReputationEvent {
    DELIVERED, HARD_BOUNCE, COMPLAINT, INVALID_ADDRESS, UNSUBSCRIBE, PROVIDER_BLOCK,
    /** Delivered over a session without TLS. */
    DELIVERED_WITHOUT_TLS,
    /** Delivered list mail: a message with List-Unsubscribe. */
    LIST_DELIVERED,
    /** Delivered list mail without RFC 8058's {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click}. */
    LIST_WITHOUT_ONE_CLICK;

    static final int COUNT = values().length;
}
