package io.mailgate.plugin.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.CharTermAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.junit.jupiter.api.Test;

/**
 * The one tokenisation of a message text, replayed into each analysis ({@link Tokens},
 * {@link Analyzers#analysed}, each word's filters done once by {@link WordAnalysis}), gives the
 * very tokens the analyzers give (term, offsets, positions, type, final offset), so the rules,
 * parsed with the analyzers, meet the same terms as before; and the in-place folding of plain
 * words is {@link Folding#fold}'s.
 */
class AnalysisReplayTest {

    private static final List<String> SAMPLES = List.of(
            "Win big at our online casino tonight! Free spins, no deposit.",
            "John's GUIDE to the JOHN'S store’s best deals: w.o.r.k f-r-e-e f r e e, w0rk fr0m h0me 24/7",
            "Онлайн казино: бонус без вложений, кредит за 5 минут. Пишите нам!",
            "cаsino with a Cyrillic а, kazino, kazinò, khleb, jackpot, ёлка, і",
            "Visit https://shop.acme.test/season or www.example.org/path?x=1 and mail info@acme.test",
            "  \r\n\r\n trailing and leading space\t\ttabs > quotes \"a\" 'b' ; # % 100% 3.14 1,000 2026-11-26 ",
            "Emoji 😀 and 🇷🇺 flags, 日本語のテキスト, 한국어, ภาษาไทย, العربية, עברית",
            "x".repeat(300) + " a word after a token longer than 255 characters " + "y".repeat(256),
            "a b c d e f g h i j k l m n o p - q - r . s . t",
            "",
            "   ");

    @Test
    void replayedAnalysesShouldGiveTheAnalyzersTokens() throws IOException {
        List<String> texts = new ArrayList<>(SAMPLES);
        texts.addAll(randomTexts(300));
        // one WordAnalysis per analysis for all the texts, as for all the fields of a message: what it
        // remembers of a word from one text must be what the analyzer gives in the next
        Map<String, WordAnalysis> words = new HashMap<>();
        for (String language : List.of(Analyzers.ENGLISH, Analyzers.RUSSIAN, Analyzers.FOLDED)) {
            words.put(language, new WordAnalysis(word -> Analyzers.perWord(language, word)));
        }
        for (String text : texts) {
            assertFalse(Analyzers.needsCharFilters(text), text);
            Tokens tokens = Tokens.of(text);
            assertSame(Analyzers.english(), Analyzers.ENGLISH, tokens, words, text);
            assertSame(Analyzers.russian(), Analyzers.RUSSIAN, tokens, words, text);
            assertSame(Analyzers.folded(), Analyzers.FOLDED, tokens, words, text);
        }
    }

    @Test
    void markupEntitiesAndInvisibleCharactersShouldNeedTheCharacterFilters() {
        for (String text : List.of("a <b>bold</b> word", "fr&#101;e", "Q&A", "fr\u00ADee", "w\u200Bork", "\uFEFFbom")) {
            assertTrue(Analyzers.needsCharFilters(text), text);
        }
    }

    @Test
    void plainWordsShouldFoldInPlaceAsFoldingDoes() {
        Random random = new Random(7);
        List<String> words = new ArrayList<>(List.of("khleb", "kkh", "khkh", "jackpot", "kazino", "k", "h", "j", ""));
        for (int i = 0; i < 5000; i++) {
            StringBuilder word = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int c = 0; c < length; c++) {
                word.append("abcdhjkhjkxyz".charAt(random.nextInt(13)));
            }
            words.add(word.toString());
        }
        for (String word : words) {
            CharTermAttribute term = new CharTermAttributeImpl();
            term.append(word);
            assertTrue(Folding.skeletonInPlace(term), word);
            assertEquals(Folding.fold(word), term.toString(), word);
        }
        for (String word : List.of("w0rk", "cаsino", "казино", "ёлка", "a-b", "x2")) {
            CharTermAttribute term = new CharTermAttributeImpl();
            term.append(word);
            assertFalse(Folding.skeletonInPlace(term), word);
            assertEquals(word, term.toString(), "a word that is not plain a-z stays as it was");
        }
    }

    /** Texts of Latin, Cyrillic, digits, punctuation (no '<', '&'), apostrophes and white space. */
    private static List<String> randomTexts(int count) {
        String[] pieces = {"casino", "Casino", "ONLINE", "free", "f", "r", "e", " ", " ", " ", "\r\n", "\t", ".", "-", ",",
            "'s", "’s", "'", "\"", ">", ";", "#", "0", "1", "3", "42", "3.5", "казино", "Кредит", "без", "ё", "а", "о", "х",
            "kh", "j", "😀", "日本", "http://", "www.", "/", "@", "_", "\u00E9", "\u0130", "ß", "ﬁ"};
        Random random = new Random(42);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(120);
            for (int p = 0; p < length; p++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            texts.add(text.toString());
        }
        return texts;
    }

    private static void assertSame(Analyzer analyzer, String language, Tokens tokens, Map<String, WordAnalysis> words,
            String text) throws IOException {
        List<String> expected;
        try (TokenStream stream = analyzer.tokenStream("body." + language, text)) {
            expected = read(stream);
        }
        List<String> actual;
        try (TokenStream stream = Analyzers.analysed(language, tokens, words.get(language))) {
            actual = read(stream);
        }
        assertEquals(expected, actual, language + " analysis of: " + text);
    }

    private static List<String> read(TokenStream stream) throws IOException {
        CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
        OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
        PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
        PositionLengthAttribute length = stream.addAttribute(PositionLengthAttribute.class);
        TypeAttribute type = stream.addAttribute(TypeAttribute.class);
        List<String> tokens = new ArrayList<>();
        stream.reset();
        while (stream.incrementToken()) {
            tokens.add(term + " " + offset.startOffset() + "-" + offset.endOffset() + " +" + increment.getPositionIncrement()
                    + " ~" + length.getPositionLength() + " " + type.type());
        }
        stream.end();
        tokens.add("end " + offset.startOffset() + "-" + offset.endOffset() + " +" + increment.getPositionIncrement());
        return tokens;
    }
}
