package io.mailgate.api;

/**
 * Reputation events a plugin reports for the REP-2 figures (an OSGi service). Delivery outcomes,
 * bounces and complaints are counted by the gateway itself; this is for what only a plugin sees.
 */
public interface ReputationEvents {

    /** {@code recipient} unsubscribed from the tenant's mail (one-click or by link). Fast, never throws. */
    void unsubscribed(String tenantId, String recipient);
}
