package io.mailgate.core.store;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks and normalizes a sending domain: lower case, no trailing dot, internationalized names in
 * their ASCII (punycode) form, so that one domain is always the same string in the store.
 */
public final class DomainNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

    private DomainNames() {
    }

    /** The normalized form of {@code text}; the exception message says what is wrong with it. */
    public static String normalize(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("a domain is required, such as example.com");
        }
        String domain = text.strip();
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        if (domain.contains("@")) {
            throw new InvalidInputException("'" + text.strip() + "' is an address, not a domain: give only the part after '@'");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw invalid(text, "it is not a valid domain name");
        }
        if (ascii.length() > 253) {
            throw invalid(text, "it is longer than 253 characters");
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            throw invalid(text, "a sending domain has at least two labels, such as example.com");
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                throw invalid(text, "it has an empty label (two dots in a row, or a leading dot)");
            }
            if (!LABEL.matcher(label).matches()) {
                throw invalid(text, "the label '" + label + "' must be 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen");
            }
        }
        if (NUMERIC.matcher(labels[labels.length - 1]).matches()) {
            throw invalid(text, "the top-level label is all digits (an IP address is not a domain)");
        }
        return ascii;
    }

    private static InvalidInputException invalid(String text, String why) {
        return new InvalidInputException("'" + text.strip() + "' is not a valid domain: " + why);
    }
}
