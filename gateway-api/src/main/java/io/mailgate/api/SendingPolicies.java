package io.mailgate.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Sending policies and their counters (POLICY.md CAP-1 … CAP-5), as the frequency-cap stage reads
 * and feeds them (an OSGi service). Everything answers from memory in microseconds.
 *
 * <p>A policy says which messages it governs (its {@link Scope}: the tenant's whole account, one
 * resource, one mailing) and what it limits (its {@link Kind}s). Counters are independent of
 * policies: a message is counted under every kind that the tenant's policies use
 * ({@link #countedKinds}), so that a policy of one scope sees the messages sent under another.
 * A day is a UTC calendar day on the gateway's clock; a period of n days is today and the n-1
 * days before.
 */
public interface SendingPolicies {

    /** The messages a policy governs (CAP-2): narrower scopes override wider ones. */
    enum Scope {
        ACCOUNT, RESOURCE, MAILING;

        /** As the API spells it: "resource". */
        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What is counted per recipient (CAP-3). */
    enum Kind {
        /** The recipient across all resources and channels. */
        RECIPIENT,
        /** The recipient via one resource. */
        RECIPIENT_RESOURCE,
        /** The recipient via one channel. */
        RECIPIENT_CHANNEL,
        /** The address itself, across profiles (for now the normalized address, like RECIPIENT). */
        CONTACT;

        /** As the API spells it: "recipient-resource". */
        public String apiName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One policy.
     *
     * @param target      the resource name or mailing id; empty for the account scope
     * @param maxMessages 1 to 15, or 0 for a policy without a limit (CAP-1: unlimited)
     * @param periodDays  1 to 16, or 0 with {@code maxMessages} 0
     */
    record Policy(String id, String tenantId, Scope scope, String target, Set<Kind> kinds, int maxMessages,
                  int periodDays, List<String> accessGroups) {

        public Policy {
            Objects.requireNonNull(scope, "scope");
            target = target == null ? "" : target;
            kinds = Set.copyOf(kinds);
            accessGroups = List.copyOf(accessGroups);
        }

        /** False for a policy without a limit, which lets everything through (CAP-1). */
        public boolean limited() {
            return maxMessages > 0;
        }
    }

    /**
     * What one counter counts: messages of a tenant to one address, under one kind. {@code value}
     * is the resource for {@link Kind#RECIPIENT_RESOURCE}, the channel for
     * {@link Kind#RECIPIENT_CHANNEL}, empty otherwise: use {@link #of} to get it right.
     */
    record CountKey(String tenantId, Kind kind, String value, String address) {

        public static CountKey of(String tenantId, Kind kind, String resource, String channel, String address) {
            String value = switch (kind) {
                case RECIPIENT_RESOURCE -> resource;
                case RECIPIENT_CHANNEL -> channel;
                case RECIPIENT, CONTACT -> "";
            };
            return new CountKey(tenantId, kind, value == null ? "" : value, address.toLowerCase(Locale.ROOT));
        }
    }

    /** The tenant's policy for exactly this scope and target ("" for the account scope). */
    Optional<Policy> find(String tenantId, Scope scope, String target);

    /** The kinds the tenant's policies use, which are the ones to count; empty when it has no policy. */
    Set<Kind> countedKinds(String tenantId);

    /** Messages counted under {@code key} in the last {@code days} days, today included. */
    int sent(CountKey key, int days);

    /** Counts one message under {@code key}, today. */
    void count(CountKey key);
}
