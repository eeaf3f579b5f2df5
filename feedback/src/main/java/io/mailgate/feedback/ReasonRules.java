package io.mailgate.feedback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The classification rules, kept as data (see reason-rules.txt and the module README).
 * Rows are tried in file order and the first whose every condition holds gives the reason.
 */
public final class ReasonRules {

    static final String DEFAULT_RESOURCE = "reason-rules.txt";

    /** One row: a reason and up to four conditions; a null condition always holds. */
    record Rule(int line, String reason, Pattern status, Pattern reply, Pattern provider, Pattern text) {
        boolean matches(Evidence e) {
            return holds(status, e.status()) && holds(reply, e.replyCode())
                    && holds(provider, e.provider()) && (text == null || text.matcher(e.text()).find());
        }

        private static boolean holds(Pattern p, String value) {
            return p == null || p.matcher(value).matches();
        }
    }

    private final List<Rule> rules;
    private final Set<String> hardReasons;
    private final Set<String> hardUnlessTemporary;

    private ReasonRules(List<Rule> rules, Set<String> hardReasons, Set<String> hardUnlessTemporary) {
        this.rules = List.copyOf(rules);
        this.hardReasons = Set.copyOf(hardReasons);
        this.hardUnlessTemporary = Set.copyOf(hardUnlessTemporary);
    }

    /** The rules shipped in the jar. */
    public static ReasonRules builtIn() {
        try (InputStream in = ReasonRules.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("rule resource missing: " + DEFAULT_RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a rule table; a bad row fails with its line number (a rule file is checked when loaded, not when used). */
    public static ReasonRules parse(String table) {
        List<Rule> rules = new ArrayList<>();
        Set<String> hard = new HashSet<>();
        Set<String> hardUnlessTemporary = new HashSet<>();
        String[] lines = table.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("hard:")) {
                hard.addAll(words(line.substring(5)));
                continue;
            }
            if (line.startsWith("hard-unless-temporary:")) {
                hardUnlessTemporary.addAll(words(line.substring("hard-unless-temporary:".length())));
                continue;
            }
            String[] cells = line.split("\\|", 5);
            if (cells.length != 5) {
                throw new IllegalArgumentException("rule line " + number + ": expected 5 cells separated by '|': " + line);
            }
            String reason = cells[0].strip();
            if (!reason.matches("[a-z]+")) {
                throw new IllegalArgumentException("rule line " + number + ": bad reason '" + reason + "'");
            }
            try {
                rules.add(new Rule(number, reason, codePattern(cells[1]), codePattern(cells[2]),
                        searchPattern(cells[3], true), searchPattern(cells[4], false)));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("rule line " + number + ": bad pattern: " + e.getDescription(), e);
            }
        }
        return new ReasonRules(rules, hard, hardUnlessTemporary);
    }

    /** The first matching rule's reason, "delivered" for 2.x.x, else "undefined". */
    public String reasonFor(Evidence evidence) {
        for (Rule rule : rules) {
            if (rule.matches(evidence)) {
                return rule.reason();
            }
        }
        return evidence.status().startsWith("2.") ? "delivered" : "undefined";
    }

    /** Hard by reason, as Sisimai decides it; "hard unless temporary" reasons are soft on a 4xx/4.x.x code. */
    public boolean isHard(String reason, String status, String replyCode) {
        if (hardReasons.contains(reason)) {
            return true;
        }
        if (hardUnlessTemporary.contains(reason)) {
            return !(status.startsWith("4") || replyCode.startsWith("4"));
        }
        return false;
    }

    int size() {
        return rules.size();
    }

    // "5.1.1 4.1.1", "X.1.1", "5.7.*", "550 551": space-separated alternatives, X = any class digit, * = any number.
    private static Pattern codePattern(String cell) {
        String c = cell.strip();
        if (c.isEmpty() || c.equals("-")) {
            return null;
        }
        List<String> alternatives = new ArrayList<>();
        for (String code : words(c)) {
            StringBuilder regex = new StringBuilder();
            for (char ch : code.toCharArray()) {
                switch (ch) {
                    case 'X', 'x' -> regex.append("[245]");
                    case '*' -> regex.append("\\d+");
                    case '.' -> regex.append("\\.");
                    default -> {
                        if (!Character.isDigit(ch)) {
                            throw new PatternSyntaxException("unexpected '" + ch + "' in code", code, -1);
                        }
                        regex.append(ch);
                    }
                }
            }
            alternatives.add(regex.toString());
        }
        return Pattern.compile(String.join("|", alternatives));
    }

    private static Pattern searchPattern(String cell, boolean wholeValue) {
        String c = cell.strip();
        if (c.isEmpty() || c.equals("-")) {
            return null;
        }
        // A provider cell names domains; it matches anywhere in the provider text.
        String regex = wholeValue ? ".*(?:" + c + ").*" : c;
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        for (String w : s.strip().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
