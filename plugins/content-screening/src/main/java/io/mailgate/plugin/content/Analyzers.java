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
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;

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

    private static final class FoldedAnalyzer extends Analyzer {

        private static final NormalizeCharMap INVISIBLE;

        static {
            NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
            for (String invisible : new String[] {"\u00AD", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u180E"}) {
                builder.add(invisible, "");
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
            TokenStream stream = new FoldingFilter(new SpacedLettersFilter(new LowerCaseFilter(tokenizer)));
            return new TokenStreamComponents(tokenizer, stream);
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new FoldingFilter(new LowerCaseFilter(in));
        }
    }
}
