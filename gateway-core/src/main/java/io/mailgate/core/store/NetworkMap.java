package io.mailgate.core.store;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which tenant a source address belongs to: an immutable longest-prefix-match table over the
 * tenants' networks. A lookup masks the address once per prefix length in use, longest first, and
 * asks a hash map each time: at most 33 (IPv4) or 129 (IPv6) map lookups, whatever the number of
 * networks. The store replaces the whole table on every write; readers never lock.
 */
final class NetworkMap {

    static final NetworkMap EMPTY = new NetworkMap(Map.of());

    /** Prefix length (descending) to network to tenant id, one table per address family. */
    private final TreeMap<Integer, Map<Cidr, String>> ipv4 = new TreeMap<>((a, b) -> Integer.compare(b, a));
    private final TreeMap<Integer, Map<Cidr, String>> ipv6 = new TreeMap<>((a, b) -> Integer.compare(b, a));
    private final Map<Cidr, String> all;

    NetworkMap(Map<Cidr, String> networks) {
        this.all = Map.copyOf(networks);
        networks.forEach((cidr, tenant) -> (cidr.isIpv6() ? ipv6 : ipv4)
                .computeIfAbsent(cidr.prefix(), p -> new HashMap<>()).put(cidr, tenant));
    }

    Optional<String> tenantFor(InetAddress address) {
        byte[] bytes = Cidr.bytes(address);
        for (Map.Entry<Integer, Map<Cidr, String>> level : (bytes.length == 4 ? ipv4 : ipv6).entrySet()) {
            String tenant = level.getValue().get(Cidr.of(bytes, level.getKey()));
            if (tenant != null) {
                return Optional.of(tenant);
            }
        }
        return Optional.empty();
    }

    /** The networks of one tenant, in canonical text form, sorted. */
    List<String> networksOf(String tenantId) {
        return all.entrySet().stream()
                .filter(entry -> entry.getValue().equals(tenantId))
                .map(entry -> entry.getKey().toString())
                .sorted()
                .toList();
    }

    /** The tenant that owns exactly this network, if any. */
    Optional<String> owner(Cidr cidr) {
        return Optional.ofNullable(all.get(cidr));
    }

    NetworkMap with(Cidr cidr, String tenantId) {
        Map<Cidr, String> next = new HashMap<>(all);
        next.put(cidr, tenantId);
        return new NetworkMap(next);
    }

    NetworkMap without(Cidr cidr) {
        Map<Cidr, String> next = new HashMap<>(all);
        next.remove(cidr);
        return new NetworkMap(next);
    }

    NetworkMap withoutTenant(String tenantId) {
        Map<Cidr, String> next = new HashMap<>(all);
        next.values().removeIf(tenantId::equals);
        return new NetworkMap(next);
    }
}
