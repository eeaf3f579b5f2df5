package io.mailgate.mailauth.spf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.xbill.DNS.Address;

/**
 * IP addresses as SPF uses them, as byte arrays (4 bytes IPv4, 16 bytes IPv6): parsing the client
 * address and the {@code ip4:}/{@code ip6:} networks strictly, CIDR matching, the reverse name for
 * PTR queries, and the two text forms of the macros {@code %{i}} and {@code %{c}} (RFC 7208 7.3).
 *
 * <p>An IPv4-mapped IPv6 client address ({@code ::ffff:192.0.2.1}) is an IPv4 client (RFC 7208
 * section 5: "MUST still be considered an IPv4 address"); in an {@code ip6:} network it stays IPv6.
 */
final class IpAddresses {

    /** RFC 7208 {@code ip4-network}: four {@code qnum}s, no leading zeros. */
    private static final Pattern IP4 = Pattern.compile(
            "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])){3}");

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private IpAddresses() {
    }

    /**
     * The SMTP client's address: a dotted quad or an IPv6 address in text form; IPv4-mapped IPv6
     * addresses become their IPv4 address.
     *
     * @throws IllegalArgumentException when the text is not an IP address literal
     */
    static byte[] parseClient(String text) {
        byte[] address = text == null ? null : parseNetwork(text.trim());
        if (address == null) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
        try {
            return InetAddress.getByAddress(address).getAddress(); // unmaps ::ffff:a.b.c.d
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'", e);
        }
    }

    /** An {@code ip4-network}, or {@code null} when the text is not one (strict: no leading zeros). */
    static byte[] parseIp4(String text) {
        return IP4.matcher(text).matches() ? Address.toByteArray(text, Address.IPv4) : null;
    }

    /** An {@code ip6-network} (RFC 4291 section 2.2 text form), or {@code null} when it is not one. */
    static byte[] parseIp6(String text) {
        return text.indexOf(':') >= 0 ? Address.toByteArray(text, Address.IPv6) : null;
    }

    private static byte[] parseNetwork(String text) {
        byte[] ip4 = parseIp4(text);
        return ip4 != null ? ip4 : parseIp6(text);
    }

    static boolean isIp4(byte[] address) {
        return address.length == 4;
    }

    /** True when {@code address} is in {@code network/prefix}; addresses of different families never match. */
    static boolean inNetwork(byte[] address, byte[] network, int prefix) {
        if (address.length != network.length) {
            return false;
        }
        int fullBytes = prefix / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int restBits = prefix % 8;
        if (restBits == 0) {
            return true;
        }
        int mask = (0xFF << (8 - restBits)) & 0xFF;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    /** The name to query PTR for: {@code 4.3.2.1.in-addr.arpa}, or the nibbles under {@code ip6.arpa}. */
    static String reverseName(byte[] address) {
        StringBuilder name = new StringBuilder();
        for (String label : reversed(dotted(address).split("\\."))) {
            name.append(label).append('.');
        }
        return name.append(isIp4(address) ? "in-addr.arpa" : "ip6.arpa").toString();
    }

    /**
     * {@code %{i}}: the dotted quad, or for IPv6 the 32 nibbles separated by dots (RFC 7208 7.3). The
     * nibbles are upper case, as the RFC 7208 test suite expects (case v-macro-ip6); the example in
     * RFC 7208 7.4 writes them in lower case. DNS names ignore case, so only explanation text shows it.
     */
    static String dotted(byte[] address) {
        StringBuilder text = new StringBuilder();
        if (isIp4(address)) {
            for (byte b : address) {
                text.append(text.length() == 0 ? "" : ".").append(b & 0xFF);
            }
            return text.toString();
        }
        for (byte b : address) {
            text.append(text.length() == 0 ? "" : ".").append(HEX[(b >> 4) & 0xF]).append('.').append(HEX[b & 0xF]);
        }
        return text.toString();
    }

    /**
     * {@code %{c}}: the address for humans: the dotted quad, or IPv6 in the RFC 5952 form (lower
     * case, no leading zeros, the longest run of two or more zero groups as {@code ::}).
     */
    static String readable(byte[] address) {
        if (isIp4(address)) {
            return dotted(address);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
        }
        int runStart = -1;
        int runLength = 0;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > runLength && j - i >= 2) {
                runStart = i;
                runLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == runStart) {
                text.append("::");
                i += runLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]).toLowerCase(Locale.ROOT));
        }
        return text.toString();
    }

    private static String[] reversed(String[] parts) {
        String[] out = new String[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parts[parts.length - 1 - i];
        }
        return out;
    }
}
