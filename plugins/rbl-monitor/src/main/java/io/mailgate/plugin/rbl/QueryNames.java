package io.mailgate.plugin.rbl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * The names a blocklist is asked for, as RFC 5782 says: an IPv4 address by its octets in reverse
 * ({@code 192.0.2.99} under {@code zone} is {@code 99.2.0.192.zone}), an IPv6 address by its 32
 * nibbles in reverse, a domain by itself under the zone.
 */
final class QueryNames {

    /** RFC 5782 section 5: every IP list lists 127.0.0.2 and none lists 127.0.0.1. */
    static final String IP_TEST_LISTED = "127.0.0.2";
    static final String IP_TEST_UNLISTED = "127.0.0.1";
    /** ... and for domain lists, TEST is listed and INVALID is not. */
    static final String DOMAIN_TEST_LISTED = "test";
    static final String DOMAIN_TEST_UNLISTED = "invalid";

    private QueryNames() {
    }

    static String ip(InetAddress address, String zone) {
        byte[] bytes = address.getAddress();
        StringBuilder name = new StringBuilder(80);
        if (address instanceof Inet4Address) {
            for (int i = bytes.length - 1; i >= 0; i--) {
                name.append(bytes[i] & 0xff).append('.');
            }
        } else {
            for (int i = bytes.length - 1; i >= 0; i--) {
                name.append(Character.forDigit(bytes[i] & 0x0f, 16)).append('.')
                        .append(Character.forDigit((bytes[i] >> 4) & 0x0f, 16)).append('.');
            }
        }
        return name.append(zone(zone)).toString();
    }

    static String domain(String domain, String zone) {
        String plain = domain.toLowerCase(Locale.ROOT);
        if (plain.endsWith(".")) {
            plain = plain.substring(0, plain.length() - 1);
        }
        return plain + "." + zone(zone);
    }

    private static String zone(String zone) {
        String plain = zone.toLowerCase(Locale.ROOT);
        return plain.endsWith(".") ? plain : plain + ".";
    }
}
