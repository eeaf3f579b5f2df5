package io.mailgate.plugin.content;

import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The folded form of one word, the same for message text and rule queries, so that obfuscated
 * spellings meet the plain one: punctuation inside a word goes ({@code w.o.r.k}), a word mixing
 * Cyrillic and Latin look-alikes is written in the script most of its letters use ({@code cаsino}
 * with a Cyrillic "а"), Cyrillic is transliterated to Latin (so {@code kazino} meets
 * {@code казино}), and digits inside a word stand for the letters they look like ({@code w0rk}).
 * Words arrive lower-cased.
 */
final class Folding {

    private static final String CYRILLIC_TWINS = "асеорхукмтвні";
    private static final String LATIN_TWINS = "aceopxykmtbhi";
    private static final String[] TRANSLIT = new String[64];

    static {
        String[][] pairs = {
                {"а", "a"}, {"б", "b"}, {"в", "v"}, {"г", "g"}, {"д", "d"}, {"е", "e"}, {"ж", "zh"}, {"з", "z"},
                {"и", "i"}, {"й", "y"}, {"к", "k"}, {"л", "l"}, {"м", "m"}, {"н", "n"}, {"о", "o"}, {"п", "p"},
                {"р", "r"}, {"с", "s"}, {"т", "t"}, {"у", "u"}, {"ф", "f"}, {"х", "h"}, {"ц", "ts"}, {"ч", "ch"},
                {"ш", "sh"}, {"щ", "sh"}, {"ъ", ""}, {"ы", "y"}, {"ь", ""}, {"э", "e"}, {"ю", "yu"}, {"я", "ya"}};
        for (String[] pair : pairs) {
            TRANSLIT[pair[0].charAt(0) - 'а'] = pair[1];
        }
    }

    private Folding() {
    }

    static String fold(String word) {
        StringBuilder letters = new StringBuilder(word.length());
        int latin = 0;
        int cyrillic = 0;
        boolean hasLetter = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == 'ё') {
                c = 'е';
            } else if (c == 'і') {
                c = 'i';
            }
            if (Character.isLetter(c)) {
                hasLetter = true;
                if (c >= 'a' && c <= 'z') {
                    latin++;
                } else if (c >= 'а' && c <= 'я') {
                    cyrillic++;
                }
                letters.append(c);
            } else if (Character.isDigit(c)) {
                letters.append(c);
            }
        }
        if (latin > 0 && cyrillic > 0) {
            swapLookAlikes(letters, latin >= cyrillic);
        }
        StringBuilder out = new StringBuilder(letters.length() + 4);
        for (int i = 0; i < letters.length(); i++) {
            char c = letters.charAt(i);
            if (c >= 'а' && c <= 'я') {
                out.append(TRANSLIT[c - 'а']);
            } else if (hasLetter && Character.isDigit(c)) {
                out.append(digitAsLetter(c));
            } else {
                out.append(c);
            }
        }
        return skeleton(out);
    }

    /** Writes look-alike letters in the script of the word's majority: Latin when {@code toLatin}. */
    private static void swapLookAlikes(StringBuilder letters, boolean toLatin) {
        String from = toLatin ? CYRILLIC_TWINS : LATIN_TWINS;
        String to = toLatin ? LATIN_TWINS : CYRILLIC_TWINS;
        for (int i = 0; i < letters.length(); i++) {
            int at = from.indexOf(letters.charAt(i));
            if (at >= 0) {
                letters.setCharAt(i, to.charAt(at));
            }
        }
    }

    private static char digitAsLetter(char digit) {
        return switch (digit) {
            case '0' -> 'o';
            case '1' -> 'i';
            case '3' -> 'e';
            case '4' -> 'a';
            case '5' -> 's';
            case '7' -> 't';
            case '8' -> 'b';
            default -> digit;
        };
    }

    /**
     * Folds a word of only a-z in place, which is then its {@link #skeleton}: returns false, and
     * changes nothing, for any other word.
     */
    static boolean skeletonInPlace(CharTermAttribute term) {
        char[] buffer = term.buffer();
        int length = term.length();
        for (int i = 0; i < length; i++) {
            char c = buffer[i];
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        int out = 0;
        for (int i = 0; i < length; i++) {
            char c = buffer[i];
            if (c == 'j') {
                c = 'y';
            } else if (c == 'k' && i + 1 < length && buffer[i + 1] == 'h') {
                c = 'h'; // "kh" becomes "h", left to right as String.replace does
                i++;
            }
            buffer[out++] = c;
        }
        term.setLength(out);
        return true;
    }

    /** Transliteration varies ("kh" or "h", "j" or "y"): both sides are reduced to one spelling. */
    private static String skeleton(StringBuilder word) {
        String s = word.toString();
        if (s.indexOf('j') >= 0) {
            s = s.replace('j', 'y');
        }
        if (s.contains("kh")) {
            s = s.replace("kh", "h");
        }
        return s;
    }
}
