package io.mailgate.plugin.content;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Arrays;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * The tokens of one text as {@link StandardTokenizer} gives them (term, offsets, position
 * increment, type), read once and then {@link #stream() replayed} as the source of each analysis
 * of the text (its language and the folded one), so that a message is tokenised once, not once per
 * analysis. Every analysis begins with a StandardTokenizer, so a replay gives each of them exactly
 * the tokens it would have read itself.
 */
final class Tokens {

    private char[] chars = new char[1024];
    private int charCount;
    private int[] starts = new int[256]; // per token: where its term begins in chars, then its length
    private int[] lengths = new int[256];
    private int[] startOffsets = new int[256];
    private int[] endOffsets = new int[256];
    private int[] increments = new int[256];
    private String[] types = new String[256];
    private int count;
    private int finalOffset;
    private int finalIncrement;

    private Tokens() {
    }

    /** Tokenises the text once. */
    static Tokens of(String text) {
        Tokens tokens = new Tokens();
        try (StandardTokenizer tokenizer = new StandardTokenizer()) {
            CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = tokenizer.addAttribute(OffsetAttribute.class);
            PositionIncrementAttribute increment = tokenizer.addAttribute(PositionIncrementAttribute.class);
            TypeAttribute type = tokenizer.addAttribute(TypeAttribute.class);
            tokenizer.setReader(new StringReader(text));
            tokenizer.reset();
            while (tokenizer.incrementToken()) {
                tokens.add(term, offset.startOffset(), offset.endOffset(), increment.getPositionIncrement(), type.type());
            }
            tokenizer.end();
            tokens.finalOffset = offset.endOffset();
            tokens.finalIncrement = increment.getPositionIncrement();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tokenise a text in memory", e); // a StringReader does not fail
        }
        return tokens;
    }

    private void add(CharTermAttribute term, int startOffset, int endOffset, int increment, String type) {
        if (count == starts.length) {
            int size = count * 2;
            starts = Arrays.copyOf(starts, size);
            lengths = Arrays.copyOf(lengths, size);
            startOffsets = Arrays.copyOf(startOffsets, size);
            endOffsets = Arrays.copyOf(endOffsets, size);
            increments = Arrays.copyOf(increments, size);
            types = Arrays.copyOf(types, size);
        }
        if (charCount + term.length() > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, charCount + term.length()));
        }
        System.arraycopy(term.buffer(), 0, chars, charCount, term.length());
        starts[count] = charCount;
        lengths[count] = term.length();
        startOffsets[count] = startOffset;
        endOffsets[count] = endOffset;
        increments[count] = increment;
        types[count] = type;
        charCount += term.length();
        count++;
    }

    int size() {
        return count;
    }

    /** A new stream of these tokens, from the first; the source of one analysis. */
    TokenStream stream() {
        return new Replay();
    }

    private final class Replay extends TokenStream {

        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
        private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);
        private final TypeAttribute type = addAttribute(TypeAttribute.class);
        private int next;

        @Override
        public boolean incrementToken() {
            if (next >= count) {
                return false;
            }
            clearAttributes();
            term.copyBuffer(chars, starts[next], lengths[next]);
            offset.setOffset(startOffsets[next], endOffsets[next]);
            increment.setPositionIncrement(increments[next]);
            type.setType(types[next]);
            next++;
            return true;
        }

        @Override
        public void end() throws IOException {
            super.end();
            offset.setOffset(finalOffset, finalOffset);
            increment.setPositionIncrement(finalIncrement);
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            next = 0;
        }
    }
}
