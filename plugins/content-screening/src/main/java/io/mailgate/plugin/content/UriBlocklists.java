package io.mailgate.plugin.content;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Link domains looked up in URI blocklists the way SURBL and URIBL work (RFC 5782 section 2.3): the
 * domain, prepended to the list's zone, is listed when it has an A record in 127.0.0.0/8 other
 * than 127.0.0.1, not listed on NXDOMAIN or no A record. A host is looked up with its last two and
 * last three labels. Answers are cached for {@code cacheTtl}; a timeout or a server failure is
 * {@link Listing#UNKNOWN}, never clean, and is not cached.
 */
final class UriBlocklists {

    enum Listing { CLEAN, LISTED, UNKNOWN }

    /** What the lists say of one host: the first listing found, else unknown if any list failed, else clean. */
    record Answer(Listing listing, String domain, String zone) {
    }

    private record Cached(Listing listing, Instant until) {
    }

    private final List<String> zones;
    private final Resolver resolver;
    private final Duration cacheTtl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    UriBlocklists(List<String> zones, List<InetSocketAddress> resolvers, Duration timeout, Duration cacheTtl, Clock clock) {
        this.zones = List.copyOf(zones);
        this.cacheTtl = cacheTtl;
        this.clock = clock;
        if (zones.isEmpty()) {
            resolver = null;
        } else if (resolvers.isEmpty()) {
            throw new IllegalArgumentException("URI blocklists are configured but no resolver to ask them");
        } else {
            SimpleResolver[] servers = resolvers.stream().map(SimpleResolver::new).toArray(SimpleResolver[]::new);
            ExtendedResolver extended = new ExtendedResolver(servers);
            extended.setTimeout(timeout);
            extended.setRetries(1);
            resolver = extended;
        }
    }

    boolean enabled() {
        return !zones.isEmpty();
    }

    Answer check(String host) {
        boolean unknown = false;
        for (String domain : domainsOf(host)) {
            for (String zone : zones) {
                Listing listing = lookup(domain, zone);
                if (listing == Listing.LISTED) {
                    return new Answer(Listing.LISTED, domain, zone);
                }
                unknown |= listing == Listing.UNKNOWN;
            }
        }
        return new Answer(unknown ? Listing.UNKNOWN : Listing.CLEAN, host, unknown ? zones.get(0) : "");
    }

    static Set<String> domainsOf(String host) {
        String[] labels = host.split("\\.");
        Set<String> domains = new LinkedHashSet<>();
        for (int count = 2; count <= Math.min(3, labels.length); count++) {
            domains.add(String.join(".", java.util.Arrays.copyOfRange(labels, labels.length - count, labels.length)));
        }
        return domains;
    }

    private Listing lookup(String domain, String zone) {
        String key = domain + "." + zone;
        Cached cached = cache.get(key);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.until())) {
            return cached.listing();
        }
        Listing listing = ask(key);
        if (listing != Listing.UNKNOWN) {
            if (cache.size() > 100_000) {
                cache.clear();
            }
            cache.put(key, new Cached(listing, now.plus(cacheTtl)));
        }
        return listing;
    }

    private Listing ask(String name) {
        Name query;
        try {
            query = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return Listing.CLEAN; // not a name DNS can hold: nothing can list it
        }
        try {
            Message response = resolver.send(Message.newQuery(Record.newRecord(query, Type.A, DClass.IN)));
            int rcode = response.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                return Listing.CLEAN;
            }
            if (rcode != Rcode.NOERROR) {
                return Listing.UNKNOWN;
            }
            for (Record record : response.getSection(Section.ANSWER)) {
                if (record instanceof ARecord a && listed(a)) {
                    return Listing.LISTED;
                }
            }
            return Listing.CLEAN;
        } catch (IOException e) {
            return Listing.UNKNOWN;
        }
    }

    private static boolean listed(ARecord record) {
        byte[] address = record.getAddress().getAddress();
        return address[0] == 127 && !(address[1] == 0 && address[2] == 0 && address[3] == 1);
    }

    Optional<String> firstZone() {
        return zones.stream().findFirst();
    }
}
