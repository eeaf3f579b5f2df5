package io.mailgate.core.caps;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.mailgate.api.SendingPolicies.Kind;
import io.mailgate.api.SendingPolicies.Policy;
import io.mailgate.api.SendingPolicies.Scope;
import io.mailgate.core.store.InvalidInputException;

/**
 * A policy as a client sends it, checked into a {@link Policy}; every refusal says what to send instead.
 * <ul>
 *   <li>{@code scope}: {@code account} (the default), {@code resource} with {@code resource},
 *       {@code mailing} with {@code mailing} (CAP-2);</li>
 *   <li>{@code kinds}: any of {@code recipient}, {@code recipient-resource}, {@code recipient-channel},
 *       {@code contact}; default {@code [recipient]} (CAP-3);</li>
 *   <li>{@code maxMessages} 1 to 15 and {@code periodDays} 1 to 16, both or neither (CAP-1: a policy
 *       without a limit is unlimited, which lets a narrower scope lift a wider one's cap);</li>
 *   <li>{@code accessGroups}: names of the access groups the policy is limited to (CAP-5), stored.</li>
 * </ul>
 */
public record PolicyInput(String scope, String resource, String mailing, List<String> kinds, Integer maxMessages,
                          Integer periodDays, List<String> accessGroups) {

    public static final int MAX_MESSAGES = 15;
    public static final int MAX_PERIOD_DAYS = 16;
    static final int MAX_TARGET = 200;
    static final int MAX_GROUPS = 50;
    static final int MAX_GROUP_NAME = 64;

    /** The checked policy, with the given id and tenant. */
    public Policy toPolicy(String id, String tenantId) {
        Scope checkedScope = scope(scope);
        String target = switch (checkedScope) {
            case ACCOUNT -> {
                if (present(resource) || present(mailing)) {
                    throw new InvalidInputException("an account policy covers all the tenant's mail: leave out resource and "
                            + "mailing, or set scope to resource or mailing");
                }
                yield "";
            }
            case RESOURCE -> {
                if (present(mailing)) {
                    throw new InvalidInputException("a resource policy names a resource, not a mailing");
                }
                yield target("resource", resource);
            }
            case MAILING -> {
                if (present(resource)) {
                    throw new InvalidInputException("a mailing policy names a mailing, not a resource");
                }
                yield target("mailing", mailing);
            }
        };
        if ((maxMessages == null) != (periodDays == null)) {
            throw new InvalidInputException("maxMessages and periodDays go together: give both for a limit, "
                    + "or neither for an unlimited policy");
        }
        int max = maxMessages == null ? 0 : maxMessages;
        int days = periodDays == null ? 0 : periodDays;
        if (maxMessages != null && (max < 1 || max > MAX_MESSAGES)) {
            throw new InvalidInputException("maxMessages must be from 1 to " + MAX_MESSAGES + ", not " + max);
        }
        if (periodDays != null && (days < 1 || days > MAX_PERIOD_DAYS)) {
            throw new InvalidInputException("periodDays must be from 1 to " + MAX_PERIOD_DAYS + ", not " + days);
        }
        return new Policy(id, tenantId, checkedScope, target, kinds(kinds), max, days, groups(accessGroups));
    }

    static Scope scope(String name) {
        if (name == null) {
            return Scope.ACCOUNT;
        }
        for (Scope scope : Scope.values()) {
            if (scope.apiName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return scope;
            }
        }
        throw new InvalidInputException("scope is account, resource or mailing, not '" + name + "'");
    }

    static Kind kind(String name) {
        for (Kind kind : Kind.values()) {
            if (name != null && kind.apiName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new InvalidInputException("a kind is one of " + names() + ", not '" + name + "'");
    }

    private static Set<Kind> kinds(List<String> names) {
        if (names == null || names.isEmpty()) {
            return EnumSet.of(Kind.RECIPIENT);
        }
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        for (String name : names) {
            kinds.add(kind(name));
        }
        return kinds;
    }

    private static List<String> groups(List<String> names) {
        if (names == null) {
            return List.of();
        }
        if (names.size() > MAX_GROUPS) {
            throw new InvalidInputException("a policy names at most " + MAX_GROUPS + " access groups");
        }
        Set<String> groups = new LinkedHashSet<>();
        for (String name : names) {
            if (name == null || name.isBlank() || name.strip().length() > MAX_GROUP_NAME || name.contains(",")) {
                throw new InvalidInputException("an access group is a name of 1 to " + MAX_GROUP_NAME
                        + " characters without commas, not '" + name + "'");
            }
            groups.add(name.strip());
        }
        return new ArrayList<>(groups);
    }

    private static String target(String field, String value) {
        if (!present(value)) {
            throw new InvalidInputException("a " + field + " policy needs the " + field + " it is for: give \"" + field + "\"");
        }
        if (value.strip().length() > MAX_TARGET) {
            throw new InvalidInputException("a " + field + " has at most " + MAX_TARGET + " characters");
        }
        return value.strip();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String names() {
        return java.util.Arrays.stream(Kind.values()).map(Kind::apiName).collect(Collectors.joining(", "));
    }
}
