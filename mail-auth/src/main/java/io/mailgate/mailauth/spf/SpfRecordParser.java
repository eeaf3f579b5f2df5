package io.mailgate.mailauth.spf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Selects and parses SPF records (RFC 7208 sections 4.5, 4.6 and the ABNF of section 12). The whole
 * record is parsed before anything is evaluated, so that a syntax error anywhere is {@code permerror}
 * (4.6), even behind a mechanism that would match.
 *
 * <p>Terms are separated by spaces only (any other control character is an error); a term is a
 * modifier when a name is followed by {@code =} before any {@code :} or {@code /} (4.6.1). Names of
 * mechanisms and modifiers are case-insensitive.
 */
final class SpfRecordParser {

    private static final String VERSION = "v=spf1";

    /** {@code name "=" value}, name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ). */
    private static final Pattern MODIFIER = Pattern.compile("([A-Za-z][A-Za-z0-9._-]*)=(.*)");

    private static final Pattern MECHANISM_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    /** A domain-spec followed by an optional dual-cidr-length, for {@code a:} and {@code mx:}. */
    private static final Pattern DOMAIN_AND_CIDR = Pattern.compile("(.*?)((?:/[0-9]+)?(?://[0-9]+)?)");

    /** dual-cidr-length = [ "/" ip4-cidr ] [ "//" ip6-cidr ]. */
    private static final Pattern DUAL_CIDR = Pattern.compile("(?:/([0-9]+))?(?://([0-9]+))?");

    private SpfRecordParser() {
    }

    /** True when the TXT string is an SPF version 1 record: {@code v=spf1} then a space or the end (4.5). */
    static boolean isSpfRecord(String txt) {
        return txt.regionMatches(true, 0, VERSION, 0, VERSION.length())
                && (txt.length() == VERSION.length() || txt.charAt(VERSION.length()) == ' ');
    }

    /** Parses a record that {@link #isSpfRecord} selected; any syntax error is {@code permerror}. */
    static SpfRecord parse(String record) throws SpfException {
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw SpfException.permerror("SPF record has a character that is not printable ASCII (0x"
                        + Integer.toHexString(c) + "): '" + record + "'");
            }
        }
        List<SpfRecord.Directive> directives = new ArrayList<>();
        Optional<MacroString> redirect = Optional.empty();
        Optional<MacroString> explanation = Optional.empty();
        String[] terms = record.substring(VERSION.length()).split(" ");
        for (String term : terms) {
            if (term.isEmpty()) {
                continue;
            }
            Matcher modifier = MODIFIER.matcher(term);
            if (!modifier.matches()) {
                directives.add(directive(term));
                continue;
            }
            String name = modifier.group(1).toLowerCase(Locale.ROOT);
            String value = modifier.group(2);
            switch (name) {
                case "redirect" -> {
                    if (redirect.isPresent()) {
                        throw SpfException.permerror("redirect= appears twice");
                    }
                    redirect = Optional.of(MacroString.parse(value, MacroString.Kind.DOMAIN_SPEC));
                }
                case "exp" -> {
                    if (explanation.isPresent()) {
                        throw SpfException.permerror("exp= appears twice");
                    }
                    explanation = Optional.of(MacroString.parse(value, MacroString.Kind.DOMAIN_SPEC));
                }
                default -> MacroString.parse(value, MacroString.Kind.MODIFIER_VALUE); // checked, then ignored (6)
            }
        }
        return new SpfRecord(List.copyOf(directives), redirect, explanation);
    }

    private static SpfRecord.Directive directive(String term) throws SpfException {
        Optional<SpfRecord.Qualifier> qualifier = SpfRecord.Qualifier.of(term.charAt(0));
        String mechanism = qualifier.isPresent() ? term.substring(1) : term;
        Matcher name = MECHANISM_NAME.matcher(mechanism);
        if (!name.lookingAt()) {
            throw SpfException.permerror("not a mechanism or modifier: '" + term + "'");
        }
        String rest = mechanism.substring(name.end());
        return new SpfRecord.Directive(qualifier.orElse(SpfRecord.Qualifier.PASS),
                mechanism(name.group().toLowerCase(Locale.ROOT), rest, term));
    }

    private static SpfRecord.Mechanism mechanism(String name, String rest, String term) throws SpfException {
        switch (name) {
            case "all" -> {
                requireEmpty(rest, term);
                return new SpfRecord.All();
            }
            case "include" -> {
                return new SpfRecord.Include(requiredDomain(rest, term));
            }
            case "exists" -> {
                return new SpfRecord.Exists(requiredDomain(rest, term));
            }
            case "ptr" -> {
                if (rest.isEmpty()) {
                    return new SpfRecord.Ptr(Optional.empty());
                }
                return new SpfRecord.Ptr(Optional.of(requiredDomain(rest, term)));
            }
            case "a", "mx" -> {
                Optional<MacroString> domain = Optional.empty();
                String cidr = rest;
                if (rest.startsWith(":")) {
                    Matcher split = DOMAIN_AND_CIDR.matcher(rest.substring(1));
                    split.matches(); // always matches: the domain part can take everything
                    domain = Optional.of(domainSpec(split.group(1), term));
                    cidr = split.group(2);
                }
                Matcher lengths = DUAL_CIDR.matcher(cidr);
                if (!lengths.matches()) {
                    throw SpfException.permerror("bad domain or CIDR length in '" + term + "'");
                }
                int ip4Prefix = prefix(lengths.group(1), 32, term);
                int ip6Prefix = prefix(lengths.group(2), 128, term);
                return name.equals("a")
                        ? new SpfRecord.A(domain, ip4Prefix, ip6Prefix)
                        : new SpfRecord.Mx(domain, ip4Prefix, ip6Prefix);
            }
            case "ip4", "ip6" -> {
                if (!rest.startsWith(":")) {
                    throw SpfException.permerror("'" + term + "' needs a network");
                }
                String value = rest.substring(1);
                int slash = value.indexOf('/');
                String network = slash < 0 ? value : value.substring(0, slash);
                boolean ip4 = name.equals("ip4");
                byte[] address = ip4 ? IpAddresses.parseIp4(network) : IpAddresses.parseIp6(network);
                if (address == null) {
                    throw SpfException.permerror("bad " + name + " network in '" + term + "'");
                }
                int max = ip4 ? 32 : 128;
                int prefix = prefix(slash < 0 ? null : value.substring(slash + 1), max, term);
                return ip4 ? new SpfRecord.Ip4(address, prefix) : new SpfRecord.Ip6(address, prefix);
            }
            default -> throw SpfException.permerror("unknown mechanism '" + name + "' in '" + term + "'");
        }
    }

    private static void requireEmpty(String rest, String term) throws SpfException {
        if (!rest.isEmpty()) {
            throw SpfException.permerror("'" + term + "' takes no argument");
        }
    }

    private static MacroString requiredDomain(String rest, String term) throws SpfException {
        if (!rest.startsWith(":")) {
            throw SpfException.permerror("'" + term + "' needs ':' and a domain");
        }
        return domainSpec(rest.substring(1), term);
    }

    private static MacroString domainSpec(String text, String term) throws SpfException {
        if (text.isEmpty()) {
            throw SpfException.permerror("empty domain in '" + term + "'");
        }
        return MacroString.parse(text, MacroString.Kind.DOMAIN_SPEC);
    }

    /** A CIDR length: "0" or digits without a leading zero, at most {@code max}; {@code max} when absent. */
    private static int prefix(String digits, int max, String term) throws SpfException {
        if (digits == null) {
            return max;
        }
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)
                || (digits.length() > 1 && digits.charAt(0) == '0') || Integer.parseInt(digits) > max) {
            throw SpfException.permerror("bad CIDR length '/" + digits + "' in '" + term + "' (0 to " + max + ")");
        }
        return Integer.parseInt(digits);
    }
}
