package io.mailgate.feedback;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Agreement with Sisimai on the shared bounce corpus (the corpus is read in place, see its README):
 * hard/soft must agree on at least 95 % of the rows (issue 7); the category agreement is printed.
 */
class SisimaiCorpusTest {

    private static final double HARD_SOFT_TARGET = 95.0;
    private static final Pattern JSON_FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|true|false|-?\\d+)");

    @Test
    void hardSoftAgreesWithSisimai() throws IOException {
        Path bounces = corpus().resolve("bounces");
        Path expectedFile = bounces.resolve("expected.jsonl");
        if (!Files.isRegularFile(expectedFile)) {
            fail("corpus file missing: " + expectedFile.toAbsolutePath());
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(expectedFile, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                rows.add(parseJsonObject(line));
            }
        }
        Map<String, List<FeedbackResult>> resultsByFile = new HashMap<>();
        int hardAgree = 0;
        int reasonAgree = 0;
        List<String> mismatches = new ArrayList<>();
        for (Map<String, String> row : rows) {
            String name = Path.of(row.get("file")).getFileName().toString();
            List<FeedbackResult> results = resultsByFile.computeIfAbsent(name, n -> classify(bounces.resolve("mail").resolve(n)));
            int index = Integer.parseInt(row.get("index"));
            boolean expectedHard = Boolean.parseBoolean(row.get("hardbounce"));
            String expectedReason = row.get("reason");
            FeedbackResult got = index <= results.size() ? results.get(index - 1) : null;
            boolean hardOk = got != null && got.hardBounce() == expectedHard;
            boolean reasonOk = got != null && got.reason().equals(expectedReason);
            hardAgree += hardOk ? 1 : 0;
            reasonAgree += reasonOk ? 1 : 0;
            if (!hardOk || !reasonOk) {
                mismatches.add(String.format(Locale.ROOT, "%s %-28s #%d expected %s/%s/%s got %s%s",
                        hardOk ? "  reason" : "HARDSOFT", name, index, expectedReason, expectedHard ? "hard" : "soft",
                        row.get("status"),
                        got == null ? "nothing (" + results.size() + " results)" : got.reason() + "/"
                                + (got.hardBounce() ? "hard" : "soft") + "/" + got.status() + "/" + got.replyCode(),
                        got == null ? "" : "  | " + Texts.limit(got.diagnostic(), 160)));
            }
        }
        double hardPercent = 100.0 * hardAgree / rows.size();
        double reasonPercent = 100.0 * reasonAgree / rows.size();
        System.out.println("Mismatches (" + mismatches.size() + "):");
        mismatches.forEach(m -> System.out.println("  " + m));
        System.out.printf(Locale.ROOT, "Sisimai corpus: %d rows; hard/soft agreement %d/%d = %.1f %%; category agreement %d/%d = %.1f %%%n",
                rows.size(), hardAgree, rows.size(), hardPercent, reasonAgree, rows.size(), reasonPercent);
        assertTrue(hardPercent >= HARD_SOFT_TARGET,
                String.format(Locale.ROOT, "hard/soft agreement %.1f %% is below %.1f %%", hardPercent, HARD_SOFT_TARGET));
    }

    @Test
    void everyCorpusMessageIsReadWithoutInternalErrors() throws IOException {
        Path mail = corpus().resolve("bounces").resolve("mail");
        List<String> problems = new ArrayList<>();
        int files = 0;
        try (var paths = Files.list(mail)) {
            for (Path file : paths.filter(p -> p.toString().endsWith(".eml")).sorted().toList()) {
                files++;
                for (FeedbackResult r : classify(file)) {
                    if (r.isUnparseable()) {
                        problems.add(file.getFileName() + ": " + r.diagnostic());
                    }
                }
            }
        }
        System.out.println("Corpus messages read: " + files + ", unparseable: " + problems.size());
        problems.forEach(p -> System.out.println("  " + p));
        assertTrue(files > 0, "no .eml files in " + mail.toAbsolutePath());
        assertTrue(problems.stream().noneMatch(p -> p.contains("internal error")), String.join("\n", problems));
    }

    static Path corpus() {
        String property = System.getProperty("mailgate.corpus");
        if (property == null || property.isBlank()) {
            fail("system property mailgate.corpus is not set (the parent pom's surefire configuration sets it)");
        }
        Path corpus = Path.of(property);
        if (!Files.isDirectory(corpus)) {
            fail("corpus directory missing: " + corpus.toAbsolutePath());
        }
        return corpus;
    }

    private static List<FeedbackResult> classify(Path file) {
        try {
            return Feedback.classify(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new AssertionError("cannot read corpus message " + file.toAbsolutePath(), e);
        }
    }

    // The rows are flat objects of strings, numbers and booleans: a regular expression reads them.
    private static Map<String, String> parseJsonObject(String line) {
        Map<String, String> fields = new HashMap<>();
        Matcher m = JSON_FIELD.matcher(line);
        while (m.find()) {
            String value = m.group(2);
            if (value.startsWith("\"")) {
                value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
            fields.put(m.group(1), value);
        }
        return fields;
    }
}
