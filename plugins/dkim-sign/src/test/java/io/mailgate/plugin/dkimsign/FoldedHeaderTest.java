package io.mailgate.plugin.dkimsign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FoldedHeaderTest {

    @Test
    void fillShouldKeepEveryLineWithin78CharactersWhenValueIsLong() {
        String field = new FoldedHeader("DKIM-Signature").tag("v=1;").tag("b=").fill("A".repeat(400)).toString();

        for (String line : field.split("\r\n")) {
            assertTrue(line.length() <= 78, line.length() + ": " + line);
        }
        assertEquals("A".repeat(400), field.substring(field.indexOf("b=") + 2).replace("\r\n\t", ""));
    }

    @Test
    void tagShouldFoldBeforeTagWhenItDoesNotFitOnTheLine() {
        String field = new FoldedHeader("X").tag("a=" + "x".repeat(70) + ";").tag("b=yyyyyyyyyy;").toString();

        assertEquals("X: a=" + "x".repeat(70) + ";\r\n\tb=yyyyyyyyyy;", field);
    }

    @Test
    void atomShouldFollowWithoutSpaceWhenItFits() {
        assertEquals("X: h=from:to;", new FoldedHeader("X").tag("h=from").atom(":to;").toString());
    }

    @Test
    void toStringShouldBePrefixOfLaterFieldWhenMoreIsAppended() {
        FoldedHeader header = new FoldedHeader("DKIM-Signature").tag("v=1;").tag("bh=").fill("B".repeat(44) + ";").tag("b=");
        String unsigned = header.toString();

        String signed = header.fill("S".repeat(344)).toString();

        assertTrue(signed.startsWith(unsigned));
    }
}
