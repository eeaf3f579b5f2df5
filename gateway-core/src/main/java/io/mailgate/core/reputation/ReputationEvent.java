package io.mailgate.core.reputation;

/** What the REP-2 figures count, per tenant and per mailbox provider group. */
public enum ReputationEvent {
    DELIVERED, HARD_BOUNCE, COMPLAINT, INVALID_ADDRESS, UNSUBSCRIBE, PROVIDER_BLOCK;

    static final int COUNT = values().length;
}
