package io.mailgate.plugin.rbl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import io.mailgate.plugin.rbl.AnswerMeanings.Meaning;

class AnswerMeaningsTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void defaultsAreSpamhausStyle() throws Exception {
        AnswerMeanings meanings = AnswerMeanings.parse("");
        assertEquals(Meaning.LISTED, meanings.of("zen.example", ip("127.0.0.2")));
        assertEquals(Meaning.REFUSED, meanings.of("zen.example", ip("127.255.255.254")));
        assertEquals(Meaning.REFUSED, meanings.of("zen.example", ip("127.255.255.255")));
        assertEquals(Meaning.MALFORMED, meanings.of("zen.example", ip("10.0.0.1")));
        assertEquals(Meaning.MALFORMED, meanings.of("zen.example", ip("::1")));
    }

    @Test
    void aListsOwnRulesComeFirstInOrder() throws Exception {
        AnswerMeanings meanings = AnswerMeanings.parse("zen.example: 127.0.0.10/31=ignore 127.0.0.0/24=listed 127.0.1.1=error;"
                + " dbl.example: 127.0.1.255=refused");
        assertEquals(Meaning.IGNORE, meanings.of("ZEN.example", ip("127.0.0.11")));
        assertEquals(Meaning.LISTED, meanings.of("zen.example", ip("127.0.0.4")));
        assertEquals(Meaning.ERROR, meanings.of("zen.example", ip("127.0.1.1")));
        assertEquals(Meaning.LISTED, meanings.of("zen.example", ip("127.0.2.1")), "the defaults after the list's rules");
        assertEquals(Meaning.REFUSED, meanings.of("dbl.example", ip("127.0.1.255")));
    }

    @Test
    void mistakesSayWhere() {
        assertEquals("rbl.answers, zen.example: 'blocked' is not one of listed, refused, error, ignore",
                assertThrows(IllegalArgumentException.class, () -> AnswerMeanings.parse("zen.example: 127.0.0.2=blocked")).getMessage());
        assertEquals("rbl.answers, zen.example: '127.0.0/33' is not an IPv4 address or CIDR",
                assertThrows(IllegalArgumentException.class, () -> AnswerMeanings.parse("zen.example: 127.0.0/33=listed")).getMessage());
        assertEquals("rbl.answers: expected 'zone: address/prefix=meaning ...', got '127.0.0.2=listed'",
                assertThrows(IllegalArgumentException.class, () -> AnswerMeanings.parse("127.0.0.2=listed")).getMessage());
    }

    @Test
    void queryNamesFollowRfc5782() throws Exception {
        assertEquals("2.0.0.127.zen.example.", QueryNames.ip(ip("127.0.0.2"), "zen.example"));
        assertEquals("99.2.0.192.zen.example.", QueryNames.ip(ip("192.0.2.99"), "zen.example."));
        assertEquals("shop.example.dbl.example.", QueryNames.domain("Shop.Example.", "dbl.example"));
    }
}
