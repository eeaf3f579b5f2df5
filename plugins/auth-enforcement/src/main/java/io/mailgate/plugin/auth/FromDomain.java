package io.mailgate.plugin.auth;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/**
 * The domain of a message's author (RFC 5322.From), which DMARC checks and which the gateway
 * signs for. The message must name exactly one author: no From field, two From fields, or a From
 * with several addresses or a group is a problem, since then there is no single domain to hold
 * to the tenant's sending domains.
 *
 * @param domain  lower case, punycode, no trailing dot; null when there is a problem
 * @param problem why there is no single From domain, as a sentence; null when there is none
 */
record FromDomain(String domain, String problem) {

    static FromDomain of(MimeMessage message) throws MessagingException {
        String[] fields = message.getHeader("From");
        if (fields == null || fields.length == 0) {
            return problem("the message has no From field");
        }
        if (fields.length > 1) {
            return problem("the message has " + fields.length + " From fields; exactly one is allowed");
        }
        InternetAddress[] addresses;
        try {
            addresses = InternetAddress.parseHeader(utf8(fields[0]).replace("\r\n", "").replace("\n", ""), false);
        } catch (AddressException e) {
            return problem("the From field does not parse: " + e.getMessage());
        }
        if (addresses.length != 1) {
            return problem(addresses.length == 0 ? "the From field has no address"
                    : "the From field has " + addresses.length + " addresses; exactly one is allowed");
        }
        if (addresses[0].isGroup()) {
            return problem("the From field is a group, not one address");
        }
        String address = addresses[0].getAddress();
        int at = address == null ? -1 : address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return problem("the From address " + address + " has no domain");
        }
        String domain = normalized(address.substring(at + 1));
        return domain == null ? problem("the From domain " + address.substring(at + 1) + " is not a domain name")
                : new FromDomain(domain, null);
    }

    boolean ok() {
        return problem == null;
    }

    /** Lower case, punycode, no trailing dot, as SendingDomains names domains; null if not a domain name. */
    static String normalized(String domain) {
        String name = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        try {
            String ascii = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            return ascii.isEmpty() ? null : ascii;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static FromDomain problem(String problem) {
        return new FromDomain(null, problem);
    }

    /** JavaMail reads header bytes one char per byte: raw UTF-8 (RFC 6532) comes back as Latin-1 pairs. */
    private static String utf8(String value) {
        boolean eightBit = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                return value; // already decoded
            }
            eightBit |= c >= 0x80;
        }
        return eightBit ? new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8) : value;
    }
}
