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

    /** One row: a reason and up to five conditions; a null condition always holds. */
    record Rule(int line, String reason, Pattern status, Pattern reply, Pattern command, Pattern provider,
                Pattern text) {
        boolean matches(Evidence e) {
            return holds(status, e.status()) && holds(reply, e.replyCode()) && holds(command, e.command())
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
            String[] cells = line.split("\\|", 6);
            if (cells.length != 6) {
                throw new IllegalArgumentException("rule line " + number + ": expected 6 cells separated by '|': " + line);
            }
            String reason = cells[0].strip();
            if (!reason.matches("[a-z]+")) {
                throw new IllegalArgumentException("rule line " + number + ": bad reason '" + reason + "'");
            }
            try {
                rules.add(new Rule(number, reason, codePattern(cells[1]), codePattern(cells[2]),
                        commandPattern(cells[3]), providerPattern(cells[4]), textPattern(cells[5])));
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

    // "RCPT", "DATA MAIL": space-separated SMTP commands; "none" for a bounce that names no command.
    private static Pattern commandPattern(String cell) {
        String c = cell.strip();
        if (c.isEmpty() || c.equals("-")) {
            return null;
        }
        List<String> alternatives = new ArrayList<>();
        for (String command : words(c.toUpperCase(Locale.ROOT))) {
            if (!command.matches("NONE|MAIL|RCPT|DATA|HELO|CONN|STARTTLS|QUIT")) {
                throw new PatternSyntaxException("unknown SMTP command '" + command + "'", c, -1);
            }
            alternatives.add(command.equals("NONE") ? "" : command);
        }
        return Pattern.compile(String.join("|", alternatives));
    }

    // "outlook.com hotmail mcafee": space-separated name fragments, any of which found in the provider context.
    private static Pattern providerPattern(String cell) {
        String c = cell.strip();
        if (c.isEmpty() || c.equals("-")) {
            return null;
        }
        List<String> alternatives = new ArrayList<>();
        for (String name : words(c)) {
            alternatives.add(Pattern.quote(name));
        }
        return Pattern.compile(".*(?:" + String.join("|", alternatives) + ").*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    private static Pattern textPattern(String cell) {
        String c = cell.strip();
        if (c.isEmpty() || c.equals("-")) {
            return null;
        }
        return Pattern.compile(c, Pattern.CASE_INSENSITIVE);
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
