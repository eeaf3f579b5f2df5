package io.mailgate.plugin.content;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Joins three or more one-character tokens that stand at most {@value #MAX_GAP} characters apart
 * into one word: {@code f r e e}, {@code f-r-e-e}, {@code f . r . e . e} become {@code free}, with
 * the offsets of the whole run.
 */
final class SpacedLettersFilter extends TokenFilter {

    static final int MAX_GAP = 3;
    private static final int MIN_RUN = 3;

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final Deque<State> queued = new ArrayDeque<>();

    SpacedLettersFilter(TokenStream input) {
        super(input);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!queued.isEmpty()) {
            restoreState(queued.poll());
            return true;
        }
        if (!input.incrementToken()) {
            return false;
        }
        if (term.length() != 1) {
            return true;
        }
        State first = captureState();
        Deque<State> run = new ArrayDeque<>();
        run.add(first);
        StringBuilder word = new StringBuilder().append(term);
        int start = offset.startOffset();
        int end = offset.endOffset();
        State after = null;
        while (input.incrementToken()) {
            if (term.length() == 1 && offset.startOffset() - end <= MAX_GAP) {
                run.add(captureState());
                word.append(term);
                end = offset.endOffset();
            } else {
                after = captureState();
                break;
            }
        }
        if (run.size() >= MIN_RUN) {
            restoreState(first);
            term.setEmpty().append(word);
            offset.setOffset(start, end);
        } else {
            restoreState(run.poll());
            queued.addAll(run);
        }
        if (after != null) {
            queued.add(after);
        }
        return true;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        queued.clear();
    }
}
