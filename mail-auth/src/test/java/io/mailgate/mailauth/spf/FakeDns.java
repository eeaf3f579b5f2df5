package io.mailgate.mailauth.spf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** An {@link SpfDns} for unit tests: records set by the test, failing names, and a log of the queries. */
final class FakeDns implements SpfDns {

    private final Map<String, List<String>> records = new HashMap<>();
    private final Set<String> failing = new HashSet<>();
    final List<String> queries = new ArrayList<>();

    FakeDns add(String name, Type type, String... values) {
        records.computeIfAbsent(key(name, type), k -> new ArrayList<>()).addAll(List.of(values));
        return this;
    }

    FakeDns txt(String name, String... values) {
        return add(name, Type.TXT, values);
    }

    FakeDns a(String name, String... addresses) {
        return add(name, Type.A, addresses);
    }

    /** Every query of {@code name} fails (a timeout). */
    FakeDns failing(String name) {
        failing.add(name.toLowerCase(Locale.ROOT));
        return this;
    }

    @Override
    public List<String> lookup(String name, Type type) throws DnsFailure {
        queries.add(name + " " + type);
        if (failing.contains(name.toLowerCase(Locale.ROOT))) {
            throw new DnsFailure("timeout: " + name + " " + type);
        }
        return List.copyOf(records.getOrDefault(key(name, type), List.of()));
    }

    private static String key(String name, Type type) {
        return name.toLowerCase(Locale.ROOT) + " " + type;
    }
}
