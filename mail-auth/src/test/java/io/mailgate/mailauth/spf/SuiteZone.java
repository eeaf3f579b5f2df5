package io.mailgate.mailauth.spf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The DNS of one scenario of the RFC 7208 test suite, served from memory: the scenario's
 * {@code zonedata}, read the way the suite's own driver (pyspf's {@code testspf.py}) reads it.
 *
 * <ul>
 *   <li>Names are case-insensitive; a trailing dot is ignored. An unknown name has no records.</li>
 *   <li>{@code SPF} entries are also served as {@code TXT} records, unless the name has a {@code TXT}
 *       entry of its own ({@code TXT: NONE} is such an entry that serves nothing).</li>
 *   <li>{@code TIMEOUT} makes a query time out, unless a record of the queried type came before it
 *       in the list; then the query answers with the records before it.</li>
 *   <li>A {@code CNAME} is followed for queries of any other type; a loop is a server failure.</li>
 *   <li>TXT strings of one record are joined without separator (RFC 7208 section 3.3); an MX answers
 *       its exchange host; host names are given without the final dot.</li>
 * </ul>
 */
final class SuiteZone {

    /** The query timed out (the zone said {@code TIMEOUT}). */
    static final class Timeout extends Exception {
        Timeout(String name, String type) {
            super("DNS timeout: " + name + " " + type);
        }
    }

    /** The server failed (here: a CNAME loop). */
    static final class ServerFailure extends Exception {
        ServerFailure(String message) {
            super(message);
        }
    }

    private record Entry(String type, String value) {
        static final Entry TIMEOUT = new Entry("TIMEOUT", null);
    }

    private static final int MAX_CNAME_HOPS = 8;

    private final Map<String, List<Entry>> names;

    private SuiteZone(Map<String, List<Entry>> names) {
        this.names = names;
    }

    static SuiteZone of(Map<?, ?> zonedata) {
        Map<String, List<Entry>> names = new HashMap<>();
        if (zonedata != null) {
            zonedata.forEach((name, entries) -> names.put(normalized(String.valueOf(name)), entries((List<?>) entries)));
        }
        return new SuiteZone(names);
    }

    private static List<Entry> entries(List<?> raw) {
        List<Entry> entries = new ArrayList<>();
        List<Entry> generatedTxt = new ArrayList<>();
        boolean hasTxt = false;
        for (Object item : raw) {
            if ("TIMEOUT".equals(item)) {
                entries.add(Entry.TIMEOUT);
                continue;
            }
            for (Map.Entry<?, ?> rr : ((Map<?, ?>) item).entrySet()) {
                String type = String.valueOf(rr.getKey()).toUpperCase(Locale.ROOT);
                Object value = rr.getValue();
                if (type.equals("TXT") && "NONE".equals(value)) {
                    hasTxt = true; // no TXT record, and none generated from SPF either
                    continue;
                }
                Entry entry = new Entry(type, rdata(type, value));
                entries.add(entry);
                if (type.equals("TXT")) {
                    hasTxt = true;
                } else if (type.equals("SPF")) {
                    generatedTxt.add(new Entry("TXT", entry.value()));
                }
            }
        }
        if (!hasTxt) {
            entries.addAll(generatedTxt);
        }
        return entries;
    }

    private static String rdata(String type, Object value) {
        switch (type) {
            case "TXT", "SPF" -> {
                if (value instanceof List<?> strings) {
                    StringBuilder joined = new StringBuilder();
                    strings.forEach(joined::append);
                    return joined.toString();
                }
                return String.valueOf(value);
            }
            case "MX" -> {
                return withoutTrailingDot(String.valueOf(((List<?>) value).get(1)));
            }
            case "PTR", "CNAME" -> {
                return withoutTrailingDot(String.valueOf(value));
            }
            default -> {
                return String.valueOf(value);
            }
        }
    }

    /**
     * The records of {@code type} ({@code A}, {@code AAAA}, {@code MX}, {@code PTR}, {@code TXT},
     * {@code SPF}, {@code CNAME}) at {@code name}: addresses as text, host names without trailing dot,
     * TXT records with their strings joined. Empty when there are none.
     */
    List<String> lookup(String name, String type) throws Timeout, ServerFailure {
        return lookup(normalized(name), type.toUpperCase(Locale.ROOT), new HashSet<>());
    }

    private List<String> lookup(String name, String type, Set<String> visited) throws Timeout, ServerFailure {
        List<Entry> entries = names.getOrDefault(name, List.of());
        if (!type.equals("CNAME")) {
            for (Entry entry : entries) {
                if (entry.type().equals("CNAME")) {
                    if (!visited.add(name) || visited.size() > MAX_CNAME_HOPS) {
                        throw new ServerFailure("CNAME loop at " + name);
                    }
                    return lookup(normalized(entry.value()), type, visited);
                }
            }
        }
        List<String> answer = new ArrayList<>();
        boolean seenType = false;
        for (Entry entry : entries) {
            if (entry == Entry.TIMEOUT) {
                if (!seenType) {
                    throw new Timeout(name, type);
                }
                return answer;
            }
            if (entry.type().equals(type)) {
                seenType = true;
                answer.add(entry.value());
            }
        }
        return answer;
    }

    private static String normalized(String name) {
        return withoutTrailingDot(name.toLowerCase(Locale.ROOT));
    }

    private static String withoutTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
