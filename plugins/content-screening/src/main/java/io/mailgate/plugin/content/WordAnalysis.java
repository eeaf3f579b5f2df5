package io.mailgate.plugin.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.UnaryOperator;

import org.apache.lucene.analysis.CharArrayMap;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The part of one analysis that looks at a word on its own (stemming, folding, the
 * {@link RuleVocabulary vocabulary's} filter), done once per distinct word of a message and then
 * remembered: words repeat (the 50 KB benchmark newsletter has about 8,000 words per text and a
 * few hundred distinct ones), and these filters were 40 % of the time of such a message. One
 * instance serves every field of one message in one analysis, on one thread.
 */
final class WordAnalysis {

    /** Remembered words at most: a text of random strings costs no more memory than this. */
    private static final int MAX_WORDS = 1 << 16;
    /** The mark of a word the filters leave out; compared by identity. */
    private static final char[] LEFT_OUT = new char[0];

    private final CharArrayMap<char[]> analysed = new CharArrayMap<>(512, false);
    private final OneWord word = new OneWord();
    private final TokenStream filters;
    private final CharTermAttribute result;

    /** {@code perWord}: the filters that look at each token alone, over the stream given. */
    WordAnalysis(UnaryOperator<TokenStream> perWord) {
        filters = perWord.apply(word);
        result = filters.getAttribute(CharTermAttribute.class);
    }

    /** The tokens of {@code input} through these filters: each analysed form, or left out. */
    TokenStream filter(TokenStream input) {
        return new FilteringTokenFilter(input) {
            private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

            @Override
            protected boolean accept() {
                return analyse(term);
            }
        };
    }

    /** Writes the word's analysed form over it; false if the filters leave it out. */
    private boolean analyse(CharTermAttribute term) {
        char[] known = analysed.get(term.buffer(), 0, term.length());
        if (known == null) {
            known = analyse(term.buffer(), term.length());
            if (analysed.size() < MAX_WORDS) {
                analysed.put(Arrays.copyOf(term.buffer(), term.length()), known);
            }
        }
        if (known == LEFT_OUT) {
            return false;
        }
        term.copyBuffer(known, 0, known.length);
        return true;
    }

    private char[] analyse(char[] chars, int length) {
        try {
            word.set(chars, length);
            filters.reset();
            return filters.incrementToken() ? Arrays.copyOf(result.buffer(), result.length()) : LEFT_OUT;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot analyse a word in memory", e); // no filter here reads anything
        }
    }

    /** A stream of one word, the source of the filters. */
    private static final class OneWord extends TokenStream {

        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private char[] chars;
        private int length;
        private boolean pending;

        void set(char[] chars, int length) {
            this.chars = chars;
            this.length = length;
            pending = true;
        }

        @Override
        public boolean incrementToken() {
            if (!pending) {
                return false;
            }
            clearAttributes();
            term.copyBuffer(chars, 0, length);
            pending = false;
            return true;
        }
    }
}
