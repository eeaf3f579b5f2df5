package io.mailgate.plugin.content;

import java.io.Reader;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.tartarus.snowball.ext.RussianStemmer;

/**
 * The three analyses of a text: English and Russian (stemmed, with no stop words: RussianAnalyzer's
 * stop words would turn "без вложений" into a match for "с вложениями", and English ones drop
 * "no" and "not"), and the folded one that defeats obfuscation ({@link #folded()}).
 */
final class Analyzers {

    static final String ENGLISH = "en";
    static final String RUSSIAN = "ru";
    static final String FOLDED = "fold";

    private Analyzers() {
    }

    static Analyzer english() {
        return new EnglishAnalyzer(CharArraySet.EMPTY_SET);
    }

    static Analyzer russian() {
        return new RussianAnalyzer(CharArraySet.EMPTY_SET);
    }

    /**
     * HTML entities decoded, zero-width characters and soft hyphens removed, spaced letters joined,
     * then each word {@link Folding folded}. Not stemmed: rules reach inflected forms with prefixes.
     */
    static Analyzer folded() {
        return new FoldedAnalyzer();
    }

    /**
     * The analyses of one text of a message, over its {@link Tokens} read once: the stream of each
     * is what {@link #english()}, {@link #russian()} or {@link #folded()} would give for the text
     * (AnalysisReplayTest compares them), its filters of one word at a time done by {@code words},
     * made of {@link #perWord} for the same analysis. The folded one only when
     * {@link #needsCharFilters} is false: else the folded analyzer must read the text itself.
     */
    static TokenStream analysed(String language, Tokens tokens, WordAnalysis words) {
        TokenStream source = tokens.stream();
        return words.filter(language.equals(FOLDED) ? spacedLettersJoined(source) : source);
    }

    /** The filters of an analysis that look at each word alone, over {@code words}; see {@link #analysed}. */
    static TokenStream perWord(String language, TokenStream words) {
        return switch (language) {
            // EnglishAnalyzer's chain; its StopFilter has no stop words and changes nothing
            case ENGLISH -> new PorterStemFilter(new LowerCaseFilter(new EnglishPossessiveFilter(words)));
            // RussianAnalyzer's chain, likewise without its empty StopFilter
            case RUSSIAN -> new SnowballFilter(new LowerCaseFilter(words), new RussianStemmer());
            case FOLDED -> new FoldingFilter(words);
            default -> throw new IllegalArgumentException("no analysis " + language);
        };
    }

    /**
     * Whether the folded analysis's character filters would change this text: only HTML markup
     * or entities (which begin with '<' or '&') and the invisible characters they remove.
     */
    static boolean needsCharFilters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '<' || c == '&' || (c >= '\u00AD' && FoldedAnalyzer.INVISIBLE_CHARS.indexOf(c) >= 0)) {
                return true;
            }
        }
        return false;
    }

    private static TokenStream foldedFilters(TokenStream source) {
        return perWord(FOLDED, spacedLettersJoined(source));
    }

    /** The folded analysis's filter that looks at the tokens around each one. */
    private static TokenStream spacedLettersJoined(TokenStream source) {
        return new SpacedLettersFilter(new LowerCaseFilter(source));
    }

    private static final class FoldedAnalyzer extends Analyzer {

        static final String INVISIBLE_CHARS = "\u00AD\u200B\u200C\u200D\u2060\uFEFF\u180E";
        private static final NormalizeCharMap INVISIBLE;

        static {
            NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
            for (char invisible : INVISIBLE_CHARS.toCharArray()) {
                builder.add(String.valueOf(invisible), "");
            }
            INVISIBLE = builder.build();
        }

        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            return new MappingCharFilter(INVISIBLE, new HTMLStripCharFilter(reader));
        }

        @Override
        protected Reader initReaderForNormalization(String fieldName, Reader reader) {
            return new MappingCharFilter(INVISIBLE, reader);
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer tokenizer = new StandardTokenizer();
            return new TokenStreamComponents(tokenizer, foldedFilters(tokenizer));
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new FoldingFilter(new LowerCaseFilter(in));
        }
    }
}
