package io.mailgate.mailauth.dmarc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses a DMARC record (RFC 7489 section 6.4): {@code v=DMARC1} first, then {@code tag=value}
 * pairs separated by semicolons, white space around them ignored.
 *
 * <p>Stricter than a receiver must be (section 6.6.3 lets it ignore unknown tags and default a
 * bad {@code adkim}): this parser checks a domain owner's record before it is relied on, so every
 * value outside the grammar is an error that names the tag. Unknown tags are ignored, as the RFC
 * asks, so that later extensions do not break a record. A record without {@code p} is refused.
 */
public final class DmarcRecordParser {

    /** The version tag that starts every DMARC record. */
    public static final String VERSION = "v=DMARC1";

    private static final Pattern TAG_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern URI_SIZE = Pattern.compile("!\\d+[kmgtKMGT]?$");

    private DmarcRecordParser() {
    }

    /** Whether the TXT string is meant as a DMARC record (starts with {@code v=DMARC1}), valid or not. */
    public static boolean looksLikeDmarc(String txt) {
        String text = txt.stripLeading();
        if (!text.regionMatches(true, 0, "v", 0, 1)) {
            return false;
        }
        String rest = text.substring(1).stripLeading();
        if (!rest.startsWith("=")) {
            return false;
        }
        String version = rest.substring(1).stripLeading();
        return version.startsWith("DMARC1") && (version.length() == 6
                || version.charAt(6) == ';' || Character.isWhitespace(version.charAt(6)));
    }

    public static DmarcRecord parse(String txt) throws DmarcRecordException {
        if (txt == null || !looksLikeDmarc(txt)) {
            throw new DmarcRecordException("a DMARC record starts with v=DMARC1");
        }
        String[] parts = txt.split(";", -1);
        DmarcRecord.Policy policy = null;
        DmarcRecord.Policy subdomainPolicy = null;
        Alignment adkim = Alignment.RELAXED;
        Alignment aspf = Alignment.RELAXED;
        int percent = 100;
        List<String> rua = List.of();
        List<String> ruf = List.of();
        Set<String> fo = Set.of("0");
        Duration ri = Duration.ofDays(1);
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            if (part.isEmpty()) {
                continue; // "v=DMARC1; p=none;" ends in an empty part
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new DmarcRecordException("'" + part + "' is not a tag=value pair");
            }
            String tag = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = part.substring(eq + 1).strip();
            if (!TAG_NAME.matcher(tag).matches()) {
                throw new DmarcRecordException("'" + tag + "' is not a tag name");
            }
            if (!seen.add(tag)) {
                throw new DmarcRecordException("the tag " + tag + " appears twice");
            }
            switch (tag) {
                case "v" -> throw new DmarcRecordException("v= must be the first tag, and only once");
                case "p" -> policy = policy(tag, value);
                case "sp" -> subdomainPolicy = policy(tag, value);
                case "adkim" -> adkim = alignment(tag, value);
                case "aspf" -> aspf = alignment(tag, value);
                case "pct" -> percent = percent(value);
                case "rua" -> rua = uris(tag, value);
                case "ruf" -> ruf = uris(tag, value);
                case "fo" -> fo = failureOptions(value);
                case "ri" -> ri = interval(value);
                case "rf" -> reportFormat(value);
                default -> {
                    // unknown tags are ignored (RFC 7489 section 6.3)
                }
            }
        }
        if (policy == null) {
            throw new DmarcRecordException("the record has no p= tag (p=none, p=quarantine or p=reject)");
        }
        return new DmarcRecord(policy, subdomainPolicy == null ? policy : subdomainPolicy, adkim, aspf, percent,
                rua, ruf, fo, ri);
    }

    private static DmarcRecord.Policy policy(String tag, String value) throws DmarcRecordException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> DmarcRecord.Policy.NONE;
            case "quarantine" -> DmarcRecord.Policy.QUARANTINE;
            case "reject" -> DmarcRecord.Policy.REJECT;
            default -> throw new DmarcRecordException(tag + "=" + value + " is not a policy: use none, quarantine or reject");
        };
    }

    private static Alignment alignment(String tag, String value) throws DmarcRecordException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "r" -> Alignment.RELAXED;
            case "s" -> Alignment.STRICT;
            default -> throw new DmarcRecordException(tag + "=" + value + " is not an alignment mode: use r (relaxed) or s (strict)");
        };
    }

    private static int percent(String value) throws DmarcRecordException {
        if (value.isEmpty() || value.length() > 3 || !value.chars().allMatch(Character::isDigit)
                || Integer.parseInt(value) > 100) {
            throw new DmarcRecordException("pct=" + value + " is not a percentage from 0 to 100");
        }
        return Integer.parseInt(value);
    }

    private static List<String> uris(String tag, String value) throws DmarcRecordException {
        List<String> uris = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String uri = item.strip();
            String withoutSize = URI_SIZE.matcher(uri).replaceFirst("");
            int colon = withoutSize.indexOf(':');
            if (colon <= 0 || colon == withoutSize.length() - 1 || withoutSize.chars().anyMatch(Character::isWhitespace)) {
                throw new DmarcRecordException(tag + "=" + value + ": '" + uri + "' is not a URI such as mailto:dmarc@example.com");
            }
            uris.add(uri);
        }
        return uris;
    }

    private static Set<String> failureOptions(String value) throws DmarcRecordException {
        Set<String> options = new LinkedHashSet<>();
        for (String item : value.split(":", -1)) {
            String option = item.strip().toLowerCase(Locale.ROOT);
            if (!Set.of("0", "1", "d", "s").contains(option)) {
                throw new DmarcRecordException("fo=" + value + ": '" + option + "' is not a failure option: use 0, 1, d or s, separated by ':'");
            }
            options.add(option);
        }
        return options;
    }

    private static Duration interval(String value) throws DmarcRecordException {
        if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(Character::isDigit)) {
            throw new DmarcRecordException("ri=" + value + " is not a number of seconds");
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }

    private static void reportFormat(String value) throws DmarcRecordException {
        for (String item : value.split(":", -1)) {
            if (!item.strip().equalsIgnoreCase("afrf")) {
                throw new DmarcRecordException("rf=" + value + ": the only report format is afrf");
            }
        }
    }
}
