package io.mailgate.core.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;

/** The types a setting can have, each with the check that runs at start. */
enum ValueType {
    STRING,
    BOOLEAN,
    POSITIVE_INT,
    SIZE,
    DURATION,
    DURATION_LIST,
    LISTEN,
    HOST_PORT_OR_EMPTY,
    /** Comma-separated IPv4/IPv6 address literals (no names, no CIDR); empty is allowed. */
    IP_LIST,
    /** A percentage from 0 to 100, decimals allowed: "0.2". */
    PERCENT,
    /** The enhanced status a suspended tenant's mail gets: 5.7.1 (refused) or 4.7.1 (held by the client). */
    SUSPENDED_STATUS;

    void check(GatewayConfig.Key key, String value) {
        try {
            switch (this) {
                case BOOLEAN -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new IllegalArgumentException("expected true or false");
                    }
                }
                case POSITIVE_INT -> {
                    if (Integer.parseInt(value) <= 0) {
                        throw new IllegalArgumentException("expected a number above 0");
                    }
                }
                case SIZE -> parseSize(value);
                case DURATION -> parseDuration(value);
                case DURATION_LIST -> {
                    for (String item : value.split(",")) {
                        parseDuration(item.trim());
                    }
                }
                case LISTEN -> {
                    for (String item : value.split(",")) {
                        if (!item.isBlank()) {
                            parseHostPort(item.trim());
                        }
                    }
                }
                case HOST_PORT_OR_EMPTY -> {
                    if (!value.isEmpty()) {
                        parseHostPort(value);
                    }
                }
                case IP_LIST -> {
                    for (String item : value.split(",")) {
                        if (!item.isBlank()) {
                            parseIpLiteral(item.trim());
                        }
                    }
                }
                case PERCENT -> {
                    double percent;
                    try {
                        percent = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("expected a percentage such as 0.2 or 5");
                    }
                    if (!(percent >= 0 && percent <= 100)) {
                        throw new IllegalArgumentException("expected a percentage from 0 to 100");
                    }
                }
                case SUSPENDED_STATUS -> {
                    if (!value.equals("5.7.1") && !value.equals("4.7.1")) {
                        throw new IllegalArgumentException("expected 5.7.1 (refuse) or 4.7.1 (try again later)");
                    }
                }
                case STRING -> {
                }
            }
        } catch (RuntimeException e) {
            throw new ConfigException("bad value '" + value + "' for key '" + key.key + "': " + e.getMessage());
        }
    }

    /** "25M", "512K", "1G" or plain bytes. */
    static long parseSize(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("K")) {
            unit = 1024;
        } else if (v.endsWith("M")) {
            unit = 1024 * 1024;
        } else if (v.endsWith("G")) {
            unit = 1024L * 1024 * 1024;
        }
        String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
        long n;
        try {
            n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a size such as 25M, 512K or 1048576");
        }
        if (n <= 0) {
            throw new IllegalArgumentException("expected a size above 0");
        }
        return n * unit;
    }

    /** "250ms", "10s", "15m", "4h", "3d". */
    static Duration parseDuration(String value) {
        String v = value.trim();
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("expected a duration such as 10s, 15m, 4h or 3d");
        }
    }

    /** "host:port", "[v6]:port". */
    static InetSocketAddress parseHostPort(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected host:port");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a port number after ':'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** An IPv4 or IPv6 address literal; a host name is refused (it would be looked up). */
    static void parseIpLiteral(String value) {
        boolean v4 = value.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = value.contains(":") && value.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            throw new IllegalArgumentException("'" + value + "' is not an IPv4 or IPv6 address");
        }
        try {
            java.net.InetAddress.getByName(value);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("'" + value + "' is not an IPv4 or IPv6 address");
        }
        if (v4) {
            for (String part : value.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    throw new IllegalArgumentException("'" + value + "' is not an IPv4 address");
                }
            }
        }
    }
}
