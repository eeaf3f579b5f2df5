package io.mailgate.plugin.content;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/**
 * A link found in a message: its text as written, its scheme ("" for a bare "host/path"), and its
 * host in lower-case ASCII.
 */
record Link(String url, String scheme, String host) {

    /** Reads a link, or nothing when it has no host (mailto:, a fragment, a relative path). */
    static Optional<Link> parse(String raw) {
        String url = raw.strip();
        String rest = url;
        String scheme = "";
        int colon = url.indexOf(':');
        int slash = url.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash) && url.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return Optional.empty();
            }
            rest = url.substring(colon + 1);
            while (rest.startsWith("/") || rest.startsWith("\\")) {
                rest = rest.substring(1);
            }
        } else if (url.startsWith("//")) {
            rest = url.substring(2);
        } else if (!url.toLowerCase(Locale.ROOT).startsWith("www.") && !url.matches("(?s)[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+/.*")) {
            return Optional.empty();
        }
        int end = rest.length();
        for (char stop : new char[] {'/', '?', '#', '\\'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String authority = rest.substring(0, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        int port = authority.lastIndexOf(':');
        if (port >= 0 && !authority.startsWith("[")) {
            authority = authority.substring(0, port);
        }
        String host = authority.toLowerCase(Locale.ROOT).replaceAll("\\.+$", "");
        if (host.isEmpty() || !host.contains(".")) {
            return Optional.empty();
        }
        try {
            host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            // an unusual host stays as written: it is still checked against the lists
        }
        return Optional.of(new Link(url, scheme, host));
    }

    boolean isIpLiteral() {
        return host.startsWith("[") || host.matches("[0-9.]+");
    }

    /** True when the host is {@code domain} or under it. */
    boolean isUnder(String domain) {
        return host.equals(domain) || host.endsWith("." + domain);
    }
}
