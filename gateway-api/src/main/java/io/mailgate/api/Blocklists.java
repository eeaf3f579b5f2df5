package io.mailgate.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the gateway offers a blocklist monitor (an OSGi service, POLICY.md REP-1): the settings of
 * the checks ({@code rbl.*} keys), what to check, and where the results go. The gateway keeps the
 * history, suspends the tenant whose domain is listed and raises the alerts; the monitor only asks
 * DNS. Calls may come from any thread.
 */
public interface Blocklists {

    /**
     * @param ipLists     DNSBL zones for the gateway's sending IPs
     * @param domainLists domain blocklist zones for the tenants' sending domains
     * @param resolvers   the DNS servers to ask (host and port), never the system's
     * @param interval    time between two check rounds
     * @param timeout     how long one query may take; after it the answer is "unknown"
     * @param concurrency queries in flight at most
     * @param answers     what the answer codes mean, per list ({@code rbl.answers}, as written)
     * @param sendingIps  the gateway's sending addresses
     */
    record Settings(List<String> ipLists, List<String> domainLists, List<InetSocketAddress> resolvers,
                    Duration interval, Duration timeout, int concurrency, String answers, List<InetAddress> sendingIps) {
    }

    /** What is checked: an address the gateway sends from, or a tenant's sending domain. */
    enum Subject { IP, DOMAIN }

    Settings settings();

    /** Every tenant's sending domains: domain to the tenants that have it. */
    Map<String, Set<String>> sendingDomains();

    /** {@code list} lists {@code subject}: the answer address and the list's TXT text (may be empty). */
    void listed(Subject kind, String subject, String list, String answer, String text);

    /** {@code list} does not list {@code subject} (NXDOMAIN): a listing it had ends here. */
    void clean(Subject kind, String subject, String list);

    /**
     * Something an admin must look at that is not a listing: the list refused the query, answered with
     * an error or malformed code, is broken (lists its RFC 5782 negative test entry) or unreachable.
     */
    void alert(String list, String subject, String what);
}
