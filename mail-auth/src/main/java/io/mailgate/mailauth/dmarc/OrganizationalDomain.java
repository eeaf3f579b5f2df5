package io.mailgate.mailauth.dmarc;

import java.net.IDN;
import java.util.Locale;

import com.google.common.net.InternetDomainName;

/**
 * The organizational domain of RFC 7489 section 3.2, from the Public Suffix List that Guava ships
 * ({@link InternetDomainName}): the public suffix plus one label. {@code mail.example.co.uk} gives
 * {@code example.co.uk}.
 *
 * <p>A name under no listed suffix counts as under its top-level label (the list's implicit
 * {@code *} rule), so {@code a.b.test} gives {@code b.test}. Names are compared in their ASCII
 * (punycode) form, lower case, without the trailing dot.
 */
public final class OrganizationalDomain {

    private OrganizationalDomain() {
    }

    /** The organizational domain of {@code domain}; a public suffix itself is its own. */
    public static String of(String domain) {
        String name = normalize(domain);
        InternetDomainName parsed = parse(name);
        if (parsed == null) {
            return name;
        }
        if (parsed.isUnderPublicSuffix()) {
            return parsed.topPrivateDomain().toString();
        }
        if (parsed.isPublicSuffix() || !parsed.hasParent()) {
            return name;
        }
        String[] labels = name.split("\\.");
        return labels[labels.length - 2] + "." + labels[labels.length - 1];
    }

    /**
     * Whether {@code domain} is a public suffix ({@code com}, {@code co.uk}, {@code github.io}):
     * a name anyone can register under, which no tenant owns as a sending domain.
     */
    public static boolean isPublicSuffix(String domain) {
        InternetDomainName parsed = parse(normalize(domain));
        return parsed != null && parsed.isPublicSuffix();
    }

    /** Lower case ASCII (punycode), no trailing dot; empty for null. */
    static String normalize(String domain) {
        if (domain == null) {
            return "";
        }
        String name = domain.strip();
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        try {
            return IDN.toASCII(name).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return name.toLowerCase(Locale.ROOT);
        }
    }

    private static InternetDomainName parse(String name) {
        try {
            return InternetDomainName.from(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
