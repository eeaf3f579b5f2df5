package io.mailgate.systemtest;

import java.util.ArrayList;
import java.util.List;

/** dnsmasq options for a test zone: it answers for *.test itself (never a forward), with these records. */
final class TestZone {

    private TestZone() {
    }

    static List<String> zone(String... records) {
        List<String> options = new ArrayList<>(List.of("--local=/test/"));
        options.addAll(List.of(records));
        return options;
    }

    /**
     * A TXT record; a value over 200 characters goes out as several strings of the one record. On
     * dnsmasq's command line a comma separates the strings and quotes would be kept as text.
     */
    static String txt(String name, String value) {
        if (value.contains(",")) {
            throw new IllegalArgumentException("dnsmasq would split this value at its comma: " + value);
        }
        StringBuilder option = new StringBuilder("--txt-record=").append(name);
        for (int i = 0; i < value.length(); i += 200) {
            option.append(',').append(value, i, Math.min(value.length(), i + 200));
        }
        return option.toString();
    }
}
