package io.mailgate.mailauth.spf;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * {@link SpfDns} on dnsjava: the SPF queries go to the given resolver, through a cache of our own
 * (answers are kept for their TTL), never through {@code /etc/hosts} or a search path.
 *
 * <p>TXT strings are read as bytes, one char per byte, so that a non-ASCII SPF record is seen as
 * such (and is a {@code permerror}) instead of being turned into ASCII escapes.
 */
public final class DnsjavaSpfDns implements SpfDns {

    private final Resolver resolver;
    private final Cache cache = new Cache(DClass.IN);

    public DnsjavaSpfDns(Resolver resolver) {
        this.resolver = resolver;
    }

    /**
     * Over the given name servers ({@code host:port}), or the system's (resolv.conf) when the list
     * is empty, each query given up after {@code timeout}.
     */
    public static DnsjavaSpfDns of(List<InetSocketAddress> servers, Duration timeout) {
        ExtendedResolver resolver;
        if (servers.isEmpty()) {
            resolver = new ExtendedResolver();
        } else {
            List<Resolver> each = new ArrayList<>();
            for (InetSocketAddress server : servers) {
                each.add(new SimpleResolver(server));
            }
            resolver = new ExtendedResolver(each);
        }
        resolver.setTimeout(timeout);
        return new DnsjavaSpfDns(resolver);
    }

    @Override
    public List<String> lookup(String name, Type type) throws DnsFailure {
        Name query;
        try {
            query = Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            return List.of(); // not a name DNS can carry: no such domain
        }
        Lookup lookup = new Lookup(query, dnsjavaType(type), DClass.IN);
        lookup.setResolver(resolver);
        lookup.setCache(cache);
        lookup.setHostsFileParser(null);
        Record[] records = lookup.run();
        switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL:
                return texts(records);
            case Lookup.HOST_NOT_FOUND:
            case Lookup.TYPE_NOT_FOUND:
                return List.of();
            default:
                throw new DnsFailure(name + " " + type + ": " + lookup.getErrorString());
        }
    }

    private static int dnsjavaType(Type type) {
        return switch (type) {
            case A -> org.xbill.DNS.Type.A;
            case AAAA -> org.xbill.DNS.Type.AAAA;
            case MX -> org.xbill.DNS.Type.MX;
            case PTR -> org.xbill.DNS.Type.PTR;
            case TXT -> org.xbill.DNS.Type.TXT;
        };
    }

    private static List<String> texts(Record[] records) {
        List<String> texts = new ArrayList<>();
        for (Record record : records) {
            if (record instanceof ARecord a) {
                texts.add(a.getAddress().getHostAddress());
            } else if (record instanceof AAAARecord aaaa) {
                texts.add(aaaa.getAddress().getHostAddress());
            } else if (record instanceof MXRecord mx) {
                texts.add(mx.getTarget().toString(true));
            } else if (record instanceof PTRRecord ptr) {
                texts.add(ptr.getTarget().toString(true));
            } else if (record instanceof TXTRecord txt) {
                StringBuilder joined = new StringBuilder();
                for (byte[] string : txt.getStringsAsByteArrays()) {
                    joined.append(new String(string, StandardCharsets.ISO_8859_1));
                }
                texts.add(joined.toString());
            }
        }
        return texts;
    }
}
