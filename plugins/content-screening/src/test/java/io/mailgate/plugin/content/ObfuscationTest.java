package io.mailgate.plugin.content;

import io.mailgate.api.ContentRules.Screening;
import io.mailgate.api.ContentRules.Finding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.mailgate.api.Verdict;

/** Each trick that hides a word from a plain match is caught, each by its own test (the folded analysis). */
class ObfuscationTest {

    private static final ContentScreener SCREENER = Screen.defaults();

    private static Screening body(String text) {
        return SCREENER.screen(Screen.text("Hello", text), "t1");
    }

    private static void refusedAs(String category, Screening result) {
        assertEquals(Verdict.Kind.REJECT, result.verdict().kind(), result.findings().toString());
        assertTrue(result.verdict().reason().contains("category " + category), result.verdict().reason());
    }

    private static void heldAs(String category, Screening result) {
        assertEquals(Verdict.Kind.QUARANTINE, result.verdict().kind(), result.findings().toString());
        assertTrue(result.verdict().reason().contains("category " + category), result.verdict().reason());
    }

    @Test
    void dotsBetweenLettersShouldBeCaught() {
        refusedAs("get-rich-quick", body("Start w.o.r.k from h.o.m.e today"));
    }

    @Test
    void hyphensBetweenLettersShouldBeCaught() {
        refusedAs("get-rich-quick", body("Start w-o-r-k from h-o-m-e today"));
    }

    @Test
    void spacedLettersShouldBeCaught() {
        refusedAs("counterfeit-drugs", body("Cheap V I A G R A here"));
    }

    @Test
    void zeroWidthCharactersShouldBeCaught() {
        refusedAs("counterfeit-drugs", body("Cheap Vi\u200Bag\u200Dra here"));
    }

    @Test
    void softHyphensShouldBeCaught() {
        refusedAs("counterfeit-drugs", body("Cheap Via\u00ADgra here"));
    }

    @Test
    void htmlEntitiesInPlainTextShouldBeCaught() {
        refusedAs("counterfeit-drugs", body("Cheap &#86;ia&#103;ra here"));
    }

    @Test
    void htmlEntitiesInHtmlShouldBeCaught() {
        Screening result = SCREENER.screen(Screen.html("Hello", "<p>Cheap &#x56;i&#x61;gra here</p>"), "t1");
        refusedAs("counterfeit-drugs", result);
    }

    @Test
    void digitsForLettersShouldBeCaught() {
        refusedAs("get-rich-quick", body("Start w0rk fr0m h0m3 today"));
    }

    @Test
    void cyrillicLookAlikesInLatinWordsShouldBeCaught() {
        // "саsinо" with Cyrillic с, а and о
        heldAs("gambling", body("Play at our \u0441\u0430sin\u043e tonight"));
    }

    @Test
    void latinLookAlikesInRussianWordsShouldBeCaught() {
        // "казино" with Latin a and o
        heldAs("gambling", body("Лучшее к\u0061зин\u006f города"));
    }

    @Test
    void latinTransliterationOfRussianShouldBeCaught() {
        heldAs("gambling", body("Luchshee kazino goroda"));
    }

    @Test
    void matchShouldReportTheOriginalTextAndItsOffsets() {
        String text = "Start w.o.r.k from h.o.m.e today";
        Screening result = body(text);

        Finding finding = result.findings().get(0);
        assertEquals("body", finding.field());
        assertEquals("w.o.r.k from h.o.m.e", finding.text());
        assertEquals(text.indexOf("w.o.r.k"), finding.start());
    }
}
