package io.mailgate.core.suppression;

import java.net.IDN;
import java.util.Locale;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import io.mailgate.core.store.InvalidInputException;

/**
 * One spelling per recipient address, so that a suppression matches however the tenant wrote it:
 * the domain in lower-case punycode, the local part in lower case (mailbox providers treat it
 * case-insensitively, and suppressing too much is the safe side). Quoted local parts stay quoted.
 */
final class Addresses {

    private Addresses() {
    }

    static String normalize(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("an address is required, such as reader@example.org");
        }
        String address = text.strip();
        if (address.startsWith("<") && address.endsWith(">")) {
            address = address.substring(1, address.length() - 1);
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw invalid(text, "it needs a local part, '@' and a domain");
        }
        String domain;
        try {
            domain = IDN.toASCII(address.substring(at + 1), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw invalid(text, "the domain is not a valid domain name");
        }
        String candidate = address.substring(0, at).toLowerCase(Locale.ROOT) + "@" + domain;
        try {
            return new MailAddress(candidate).asString();
        } catch (AddressException e) {
            throw invalid(text, e.getMessage());
        }
    }

    private static InvalidInputException invalid(String text, String why) {
        return new InvalidInputException("'" + text.strip() + "' is not a valid address: " + why);
    }
}
