package io.mailgate.plugin.content;

/** The language a text is analysed in: Russian when at least a third of its letters are Cyrillic, else English. */
final class Language {

    private static final int SAMPLE = 4_096; // characters looked at, spread over the text

    private Language() {
    }

    static String of(String text) {
        int letters = 0;
        int cyrillic = 0;
        int step = Math.max(1, text.length() / SAMPLE);
        for (int i = 0; i < text.length(); i += step) {
            char c = text.charAt(i);
            if (c < 128 ? (c | 0x20) >= 'a' && (c | 0x20) <= 'z' : Character.isLetter(c)) { // ASCII without the table look-up
                letters++;
                if (c >= '\u0400' && c <= '\u04FF') { // the Cyrillic block, without UnicodeBlock.of's search
                    cyrillic++;
                }
            }
        }
        return letters > 0 && cyrillic * 3 >= letters ? Analyzers.RUSSIAN : Analyzers.ENGLISH;
    }
}
