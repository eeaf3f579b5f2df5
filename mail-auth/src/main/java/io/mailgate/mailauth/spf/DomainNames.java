package io.mailgate.mailauth.spf;

import java.util.Optional;

/**
 * Which names SPF may query (RFC 1035 limits: labels of 1 to 63 characters, at most 253 characters
 * in all) and which identities it checks at all (RFC 7208 section 4.3).
 */
final class DomainNames {

    static final int MAX_NAME = 253;
    static final int MAX_LABEL = 63;

    private DomainNames() {
    }

    /**
     * The name to query for an expanded domain-spec (RFC 7208 7.3): without a trailing dot, and when
     * longer than 253 characters cut from the left, label by label, until it fits. Empty when the
     * result cannot be a DNS name (an empty or a too-long label); SPF then treats it as a name that
     * does not exist, without asking DNS (RFC 7208 4.3 and 4.8 leave this open; the suite accepts it).
     */
    static Optional<String> forQuery(String expanded) {
        String name = withoutTrailingDot(expanded);
        while (name.length() > MAX_NAME) {
            int dot = name.indexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            name = name.substring(dot + 1);
        }
        return hasValidLabels(name) ? Optional.of(name) : Optional.empty();
    }

    /**
     * True when {@code domain} can be checked at all (RFC 7208 4.3): a multi-label name with valid
     * labels, not a domain literal. Otherwise {@code check_host()} returns {@code none} at once.
     */
    static boolean isCheckable(String domain) {
        String name = withoutTrailingDot(domain);
        return !name.startsWith("[") && name.indexOf('.') > 0 && name.length() <= MAX_NAME && hasValidLabels(name);
    }

    static String withoutTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static boolean hasValidLabels(String name) {
        if (name.isEmpty()) {
            return false;
        }
        int start = 0;
        while (true) {
            int dot = name.indexOf('.', start);
            int end = dot < 0 ? name.length() : dot;
            int length = end - start;
            if (length == 0 || length > MAX_LABEL) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            start = dot + 1;
        }
    }
}
