package io.mailgate.mailauth.dmarc;

/**
 * Identifier alignment (RFC 7489 section 3.1): in strict mode the two domains must be the same; in
 * relaxed mode they must share their organizational domain ({@code news.example.com} and
 * {@code example.com} are aligned, {@code example.com} and {@code example.org} are not).
 */
public enum Alignment {
    RELAXED, STRICT;

    /** As the record writes it: {@code r} or {@code s}. */
    public String tag() {
        return this == STRICT ? "s" : "r";
    }

    /** Whether {@code authenticated} (the DKIM d= or the SPF domain) is aligned with {@code fromDomain}. */
    public boolean aligned(String fromDomain, String authenticated) {
        String from = OrganizationalDomain.normalize(fromDomain);
        String other = OrganizationalDomain.normalize(authenticated);
        if (from.isEmpty() || other.isEmpty()) {
            return false;
        }
        if (this == STRICT) {
            return from.equals(other);
        }
        return OrganizationalDomain.of(from).equals(OrganizationalDomain.of(other));
    }
}
