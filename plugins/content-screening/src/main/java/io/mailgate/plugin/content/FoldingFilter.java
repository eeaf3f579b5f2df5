package io.mailgate.plugin.content;

import java.io.IOException;

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Replaces each lower-cased token by its {@link Folding folded} form; offsets stay on the original
 * word. Most words are plain a-z, whose folded form is their {@link Folding#skeleton skeleton}:
 * that is written in place, without the Strings of {@link Folding#fold}.
 */
final class FoldingFilter extends TokenFilter {

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

    FoldingFilter(TokenStream input) {
        super(input);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!input.incrementToken()) {
            return false;
        }
        if (!Folding.skeletonInPlace(term)) {
            String folded = Folding.fold(term.toString());
            term.setEmpty().append(folded);
        }
        return true;
    }
}
