package io.mailgate.core.delivery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.TemporaryResolutionException;

/**
 * Where a recipient domain's mail goes: the smart host when one is set, else the domain's MX hosts
 * in preference order (its address when it has no MX, RFC 5321 §5.1), each by every address it has,
 * all looked up through the gateway's resolvers, never the system's.
 */
final class NextHops {

    /** One address to connect to, with the name it was found under (for logs and reputation). */
    record Hop(String name, InetSocketAddress address) {
        @Override
        public String toString() {
            return name + "[" + address.getAddress().getHostAddress() + "]:" + address.getPort();
        }
    }

    /** No hop for the domain: {@code outcome} says whether to retry. */
    static final class NoRoute extends Exception {
        final Outcome outcome;

        NoRoute(Outcome outcome) {
            super(outcome.reply(), null, false, false);
            this.outcome = outcome;
        }
    }

    private static final int SMTP_PORT = 25;

    private final DNSService dns;
    private final Optional<InetSocketAddress> smartHost;

    /** @param smartHost where all mail goes (host and port, unresolved), or empty for MX delivery */
    NextHops(DNSService dns, Optional<InetSocketAddress> smartHost) {
        this.dns = dns;
        this.smartHost = smartHost;
    }

    /** Whether all mail goes to one smart host, whatever the recipient's domain. */
    boolean viaSmartHost() {
        return smartHost.isPresent();
    }

    List<Hop> resolve(String domain) throws NoRoute {
        if (smartHost.isPresent()) {
            return addresses(smartHost.get().getHostString(), smartHost.get().getPort(), domain);
        }
        Collection<String> exchangers;
        try {
            exchangers = dns.findMXRecords(domain);
        } catch (TemporaryResolutionException e) {
            throw new NoRoute(Outcome.temporary("451 4.4.3 Host or domain name lookup failed for " + domain
                    + ": a temporary DNS failure", domain));
        }
        // RFC 7505: a lone MX of "." says the domain takes no mail.
        if (exchangers.size() == 1 && isNullMx(exchangers.iterator().next())) {
            throw new NoRoute(Outcome.permanent("556 5.1.10 Domain " + domain + " does not accept mail (null MX)", domain));
        }
        List<Hop> hops = new ArrayList<>();
        for (String exchanger : exchangers) {
            if (!isNullMx(exchanger)) {
                try {
                    hops.addAll(addresses(exchanger, SMTP_PORT, domain));
                } catch (NoRoute e) {
                    // Another exchanger may still have an address.
                }
            }
        }
        if (hops.isEmpty()) {
            throw new NoRoute(Outcome.permanent("550 5.1.2 Host or domain name not found: no MX or address for "
                    + domain, domain));
        }
        return hops;
    }

    private List<Hop> addresses(String host, int port, String domain) throws NoRoute {
        try {
            List<Hop> hops = new ArrayList<>();
            for (InetAddress address : dns.getAllByName(host)) {
                hops.add(new Hop(host, new InetSocketAddress(address, port)));
            }
            if (!hops.isEmpty()) {
                return hops;
            }
        } catch (UnknownHostException e) {
            // Below: the same answer as an empty one.
        }
        throw new NoRoute(Outcome.temporary("451 4.4.4 No address found for " + host + " (the next hop of " + domain + ")",
                host));
    }

    private static boolean isNullMx(String exchanger) {
        return exchanger.isEmpty() || exchanger.equals(".");
    }
}
