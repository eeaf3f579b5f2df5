package io.mailgate.core.store;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}). Parsing
 * is strict and never touches DNS: host bits must be zero, and a bare address means a single host
 * (/32 or /128). {@link #toString()} is the canonical form the store keeps (IPv6 as RFC 5952).
 */
public final class Cidr {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** Parses {@code text}; the exception message says what is wrong with it. */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("a network is required, in CIDR notation such as 192.0.2.0/24 or 2001:db8::/32");
        }
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] address = parseAddress(addressText, trimmed);
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String prefixText = trimmed.substring(slash + 1);
            if (!PREFIX.matcher(prefixText).matches() || Integer.parseInt(prefixText) > bits) {
                throw new InvalidInputException("'" + trimmed + "' has an invalid prefix length: use a number from 0 to " + bits);
            }
            prefix = Integer.parseInt(prefixText);
        }
        byte[] masked = mask(address, prefix);
        if (!Arrays.equals(masked, address)) {
            Cidr suggestion = new Cidr(masked, prefix);
            throw new InvalidInputException("'" + trimmed + "' has host bits set after the /" + prefix
                    + " prefix; did you mean " + suggestion + "?");
        }
        return new Cidr(masked, prefix);
    }

    /** The network with this address's first {@code prefix} bits; also used for lookups. */
    static Cidr of(byte[] address, int prefix) {
        return new Cidr(mask(address, prefix), prefix);
    }

    public int prefix() {
        return prefix;
    }

    public boolean isIpv6() {
        return network.length == 16;
    }

    /** Whether {@code address} lies in this network (an IPv4-mapped IPv6 address counts as IPv4). */
    public boolean contains(InetAddress address) {
        byte[] bytes = bytes(address);
        return bytes.length == network.length && Arrays.equals(mask(bytes, prefix), network);
    }

    /** The address's bytes, 4 for IPv4 and for IPv4-mapped IPv6 ({@code ::ffff:192.0.2.1}), else 16. */
    static byte[] bytes(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr cidr && cidr.prefix == prefix && Arrays.equals(cidr.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        return (network.length == 4 ? formatIpv4(network) : formatIpv6(network)) + '/' + prefix;
    }

    private static byte[] parseAddress(String text, String whole) {
        if (IPV4.matcher(text).matches()) {
            String[] parts = text.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int value = Integer.parseInt(parts[i]);
                if (value > 255 || (parts[i].length() > 1 && parts[i].startsWith("0"))) {
                    throw new InvalidInputException("'" + whole + "' is not a valid IPv4 network: each part of the address is a number from 0 to 255 without leading zeros");
                }
                bytes[i] = (byte) value;
            }
            return bytes;
        }
        if (text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches()) {
            try {
                // A literal with ':' is parsed, never resolved.
                InetAddress parsed = InetAddress.getByName(text);
                if (parsed instanceof Inet4Address) {
                    throw new InvalidInputException("'" + whole + "' is an IPv4-mapped IPv6 address: write the IPv4 network instead, such as 192.0.2.0/24");
                }
                return parsed.getAddress();
            } catch (UnknownHostException e) {
                // falls through to the message below
            }
        }
        throw new InvalidInputException("'" + whole + "' is not a network in CIDR notation; write it like 192.0.2.0/24 or 2001:db8::/32");
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static String formatIpv4(byte[] bytes) {
        return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
    }

    /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as "::". */
    private static String formatIpv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
