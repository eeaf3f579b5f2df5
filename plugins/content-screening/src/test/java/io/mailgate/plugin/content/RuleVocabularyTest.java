package io.mailgate.plugin.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Leaving out of a message's index the tokens no rule can match ({@link RuleVocabulary}) finds
 * exactly the matches (rule, field, offsets, text) of indexing every token: for the default rules
 * and for generated rules of every query kind (phrases, proximity, AND/OR/NOT, prefixes; and
 * with wildcards and fuzzy terms, which keep every token of their analysis), over texts made of their words, before and after the rules change.
 */
class RuleVocabularyTest {

    private static final String[] WORDS = {"casino", "online", "free", "spins", "jackpot", "credit", "loan", "work", "home",
        "earn", "money", "easy", "guaranteed", "results", "win", "won", "prize", "the", "a", "of", "and", "not", "no",
        "казино", "кредит", "кредиты", "без", "вложений", "заработок", "выиграли", "kazino", "kredit", "w0rk", "fr33",
        "f r e e", "c.a.s.i.n.o", "cаsino", "working", "winnings", "lotteries", "bonus", "бонус", "бонусы", "offer",
        "newsletter", "season", "store", "team", "Meet", "singles", "Viagra", "cocaine", "pure", "online casino"};

    private final RuleEngine pruned = new RuleEngine();
    private final RuleEngine full = new RuleEngine(false);

    @AfterEach
    void close() {
        pruned.close();
        full.close();
    }

    @Test
    void defaultRulesShouldFindTheSameMatches() {
        pruned.replaceAll(Screen.defaultRules());
        full.replaceAll(Screen.defaultRules());
        assertSameMatches(300, 1);
    }

    @Test
    void termAndPrefixRulesShouldFindTheSameMatchesBeforeAndAfterChanges() {
        sameMatchesBeforeAndAfterChanges(false, 400, 200);
    }

    @Test
    void rulesWithWildcardsAndFuzzyTermsShouldFindTheSameMatchesBeforeAndAfterChanges() {
        sameMatchesBeforeAndAfterChanges(true, 60, 40); // fuzzy queries are slow to match
    }

    private void sameMatchesBeforeAndAfterChanges(boolean anyKind, int count, int messages) {
        List<ContentRule> rules = generatedRules(count, new Random(5), anyKind);
        pruned.replaceAll(rules);
        full.replaceAll(rules);
        assertSameMatches(messages, 2);
        Random random = new Random(6);
        for (int i = 0; i < count / 4; i++) {
            ContentRule changed = rule(random.nextInt(count), random, anyKind);
            pruned.put(changed);
            full.put(changed);
        }
        for (int i = 0; i < count / 8; i++) {
            String id = "r" + random.nextInt(count);
            pruned.remove(id);
            full.remove(id);
        }
        assertSameMatches(messages, 3);
    }

    @Test
    void termsOfARemovedRuleShouldLeaveTheVocabulary() {
        pruned.put(new ContentRule("only", "gambling", List.of("en"), "\"zebra crossing\" AND NOT giraffe", null, null, null, ""));
        List<RuleEngine.Match> matches = pruned.match(text("a zebra crossing here"));
        assertEquals(2, matches.size(), "en and folded: " + matches);
        assertTrue(pruned.match(text("a zebra crossing here, giraffe")).isEmpty(), "the NOT term is indexed too");
        pruned.remove("only");
        assertTrue(pruned.match(text("a zebra crossing here")).isEmpty());
        RuleVocabulary vocabulary = new RuleVocabulary();
        RuleVocabulary.Terms terms = RuleVocabulary.of(pruned.compile(
                new ContentRule("x", "gambling", List.of("en"), "zebra", null, null, null, "")));
        vocabulary.add(List.of(terms));
        assertTrue(vocabulary.contains("zebra"));
        vocabulary.add(List.of(terms));
        vocabulary.remove(List.of(terms));
        assertTrue(vocabulary.contains("zebra"), "another rule still names it");
        vocabulary.remove(List.of(terms));
        assertFalse(vocabulary.contains("zebra"));
    }

    @Test
    void termsShouldStayFoundWhileOthersComeAndGo() {
        RuleVocabulary vocabulary = new RuleVocabulary();
        List<RuleVocabulary.Terms> rules = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            rules.add(new RuleVocabulary.Terms(Map.of("en", Set.of("w" + i, "shared")), Map.of(), Set.of(), false));
        }
        vocabulary.add(rules);
        Random random = new Random(9);
        List<Integer> kept = new ArrayList<>();
        List<Integer> removed = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            if (random.nextBoolean()) {
                vocabulary.remove(List.of(rules.get(i)));
                removed.add(i);
            } else {
                kept.add(i);
            }
        }
        for (int i : kept) {
            assertTrue(vocabulary.contains("w" + i), "w" + i);
        }
        for (int i : removed) {
            assertFalse(vocabulary.contains("w" + i), "w" + i);
        }
        assertTrue(vocabulary.contains("shared"));
        vocabulary.remove(kept.stream().map(rules::get).toList());
        assertFalse(vocabulary.contains("shared"));
    }

    private void assertSameMatches(int messages, long seed) {
        Random random = new Random(seed);
        int found = 0;
        for (int i = 0; i < messages; i++) {
            MessageText message = randomMessage(random);
            List<String> expected = describe(full.match(message));
            assertEquals(expected, describe(pruned.match(message)), message.fields().toString());
            found += expected.size();
        }
        assertTrue(found > messages / 2, "the texts should match rules often enough to prove something: " + found);
    }

    private static List<String> describe(List<RuleEngine.Match> matches) {
        List<String> described = new ArrayList<>();
        for (RuleEngine.Match match : matches) {
            described.add(match.rule().id() + " " + match.field() + " " + match.start() + "-" + match.end() + " " + match.text());
        }
        described.sort(null);
        return described;
    }

    private static MessageText text(String body) {
        MessageText text = new MessageText();
        text.append("body", body);
        return text;
    }

    private static MessageText randomMessage(Random random) {
        MessageText message = new MessageText();
        message.append("subject", sentence(random, 6));
        message.append("body", sentence(random, 80));
        message.append("html", random.nextInt(5) == 0 ? "<b>" + sentence(random, 20) + "</b> &amp; more" : sentence(random, 60));
        message.append("headers", sentence(random, 3));
        message.append("attachments", sentence(random, 2));
        message.append("links", "casino.test bit.ly kredit.example");
        return message;
    }

    private static String sentence(Random random, int words) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < words; w++) {
            String word = WORDS[random.nextInt(WORDS.length)];
            text.append(random.nextInt(6) == 0 ? word.toUpperCase() : word).append(random.nextInt(10) == 0 ? ". " : " ");
        }
        return text.toString();
    }

    private static List<ContentRule> generatedRules(int count, Random random, boolean anyKind) {
        List<ContentRule> rules = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rules.add(rule(i, random, anyKind));
        }
        return rules;
    }

    private static ContentRule rule(int i, Random random, boolean anyKind) {
        String a = word(random);
        String b = word(random);
        String query = switch (random.nextInt(anyKind ? 9 : 7)) {
            case 0 -> "\"" + a + " " + b + "\"";
            case 1 -> "\"" + a + " " + b + "\"~3 OR " + word(random);
            case 2 -> prefix(a) + "* AND " + b;
            case 3 -> a + " AND NOT " + b;
            case 4 -> "+" + a + " -" + b;
            case 5 -> prefix(a) + "*";
            case 6 -> "\"" + a + " " + b + " " + word(random) + "\"";
            case 7 -> a.charAt(0) + "?" + a.substring(Math.min(2, a.length())) + "*"; // its analysis keeps every token
            default -> a + "~1";
        };
        List<String> languages = switch (random.nextInt(3)) {
            case 0 -> List.of("en");
            case 1 -> List.of("ru");
            default -> List.of("en", "ru");
        };
        List<String> fields = random.nextBoolean() ? null : List.of(new String[] {"subject", "body", "html", "headers", "links",
            "attachments"}[random.nextInt(6)]);
        return new ContentRule("r" + i, "gambling", languages, query, fields, null, null, "");
    }

    private static String word(Random random) {
        String word = WORDS[random.nextInt(WORDS.length)];
        return word.contains(" ") || word.contains(".") ? word.replaceAll("[ .]", "") : word;
    }

    private static String prefix(String word) {
        return word.substring(0, Math.max(1, word.length() - 2));
    }
}
