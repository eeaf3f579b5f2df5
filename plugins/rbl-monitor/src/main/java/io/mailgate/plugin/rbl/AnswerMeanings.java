package io.mailgate.plugin.rbl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a list's answer addresses mean, per list ({@code rbl.answers}):
 * <pre>
 * rbl.answers = zen.example: 127.0.0.10/31=ignore 127.0.0.0/24=listed; dbl.example: 127.0.1.255=error
 * </pre>
 * Lists are separated by {@code ;}, each one's rules by spaces, tried in order; a rule is an IPv4
 * address or CIDR and one of {@code listed}, {@code refused}, {@code error} or {@code ignore}. After a
 * list's own rules come the defaults: {@code 127.255.255.0/24} (Spamhaus's "query refused" and
 * error codes) is {@code refused}, the rest of {@code 127.0.0.0/8} is {@code listed}, and an
 * address outside 127/8 is {@code malformed}: a list answers only in 127/8 (RFC 5782 section 2.3).
 */
final class AnswerMeanings {

    enum Meaning { LISTED, REFUSED, ERROR, IGNORE, MALFORMED }

    private record Rule(int network, int prefix, Meaning meaning) {
        boolean matches(int address) {
            return prefix == 0 || (address >>> (32 - prefix)) == (network >>> (32 - prefix));
        }
    }

    private static final List<Rule> DEFAULTS = List.of(
            new Rule(ipv4("127.255.255.0"), 24, Meaning.REFUSED),
            new Rule(ipv4("127.0.0.0"), 8, Meaning.LISTED),
            new Rule(0, 0, Meaning.MALFORMED));

    private final Map<String, List<Rule>> byList;

    private AnswerMeanings(Map<String, List<Rule>> byList) {
        this.byList = byList;
    }

    /** Parses {@code rbl.answers}; a mistake is an {@link IllegalArgumentException} that says where. */
    static AnswerMeanings parse(String text) {
        Map<String, List<Rule>> byList = new HashMap<>();
        for (String listPart : text.split(";")) {
            if (listPart.isBlank()) {
                continue;
            }
            int colon = listPart.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("rbl.answers: expected 'zone: address/prefix=meaning ...', got '" + listPart.strip() + "'");
            }
            String zone = listPart.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            List<Rule> rules = new ArrayList<>();
            for (String rule : listPart.substring(colon + 1).strip().split("\\s+")) {
                if (!rule.isEmpty()) {
                    rules.add(rule(zone, rule));
                }
            }
            byList.put(zone, rules);
        }
        return new AnswerMeanings(byList);
    }

    Meaning of(String list, InetAddress answer) {
        if (!(answer instanceof Inet4Address)) {
            return Meaning.MALFORMED;
        }
        int address = toInt(answer.getAddress());
        for (Rule rule : byList.getOrDefault(list.toLowerCase(Locale.ROOT), List.of())) {
            if (rule.matches(address)) {
                return rule.meaning();
            }
        }
        for (Rule rule : DEFAULTS) {
            if (rule.matches(address)) {
                return rule.meaning();
            }
        }
        return Meaning.MALFORMED;
    }

    private static Rule rule(String zone, String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("rbl.answers, " + zone + ": expected address/prefix=meaning, got '" + text + "'");
        }
        String cidr = text.substring(0, eq);
        Meaning meaning;
        try {
            meaning = Meaning.valueOf(text.substring(eq + 1).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            meaning = null;
        }
        if (meaning == null || meaning == Meaning.MALFORMED) {
            throw new IllegalArgumentException("rbl.answers, " + zone + ": '" + text.substring(eq + 1)
                    + "' is not one of listed, refused, error, ignore");
        }
        int slash = cidr.indexOf('/');
        int prefix = 32;
        try {
            if (slash >= 0) {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
                cidr = cidr.substring(0, slash);
            }
            if (prefix < 0 || prefix > 32) {
                throw new NumberFormatException();
            }
            return new Rule(ipv4(cidr), prefix, meaning);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("rbl.answers, " + zone + ": '" + text.substring(0, eq) + "' is not an IPv4 address or CIDR");
        }
    }

    private static int ipv4(String literal) {
        if (!literal.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("not an IPv4 address: " + literal);
        }
        try {
            return toInt(InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + literal);
        }
    }

    private static int toInt(byte[] b) {
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }
}
