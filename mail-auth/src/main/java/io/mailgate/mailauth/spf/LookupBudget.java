package io.mailgate.mailauth.spf;

/**
 * The processing limits of RFC 7208 section 4.6.4 for one {@code check_host()} evaluation, across all
 * its includes and redirects: at most 10 terms that query DNS ({@code include}, {@code a},
 * {@code mx}, {@code ptr}, {@code exists}, {@code redirect}), counted as they are evaluated, and at
 * most 2 of them with a void answer (NXDOMAIN or no records). Going over either is {@code permerror}.
 * The lookups of {@code exp=} and of the {@code %{p}} macro are not counted.
 */
final class LookupBudget {

    static final int MAX_DNS_TERMS = 10;
    static final int MAX_VOID_LOOKUPS = 2;

    private int dnsTerms;
    private int voidLookups;

    /** Counts one DNS-querying term before it queries; {@code permerror} when it is the 11th. */
    void countDnsTerm(String term) throws SpfException {
        dnsTerms++;
        if (dnsTerms > MAX_DNS_TERMS) {
            throw SpfException.permerror("more than " + MAX_DNS_TERMS + " DNS-querying terms (RFC 7208 4.6.4), at '"
                    + term + "'");
        }
    }

    /** Counts one void answer to a term's query; {@code permerror} when it is the 3rd. */
    void countVoidLookup(String name) throws SpfException {
        voidLookups++;
        if (voidLookups > MAX_VOID_LOOKUPS) {
            throw SpfException.permerror("more than " + MAX_VOID_LOOKUPS + " void DNS lookups (RFC 7208 4.6.4), at "
                    + name);
        }
    }
}
