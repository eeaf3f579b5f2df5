package io.mailgate.mailauth.spf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Record selection and parsing (RFC 7208 4.5, 4.6, 5, 6). */
class SpfRecordParserTest {

    @ParameterizedTest
    @ValueSource(strings = {"v=spf1", "v=spf1 -all", "V=SpF1 ~all", "v=spf1 "})
    void isSpfRecordShouldAcceptWhenVersionThenSpaceOrEnd(String txt) {
        assertTrue(SpfRecordParser.isSpfRecord(txt));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v=spf10", "v=spf1mx", "v=spf2 -all", "spf1 -all", "", "v=spf1\t-all"})
    void isSpfRecordShouldRejectWhenNotVersionOne(String txt) {
        assertFalse(SpfRecordParser.isSpfRecord(txt));
    }

    @Test
    void parseShouldKeepDirectivesInOrderWhenSeveralWithQualifiers() throws SpfException {
        SpfRecord record = SpfRecordParser.parse("v=spf1 ip4:192.0.2.0/24 -a ~mx ?ptr +exists:%{i}.x.example.com all");

        List<SpfRecord.Qualifier> qualifiers = record.directives().stream().map(SpfRecord.Directive::qualifier).toList();
        assertEquals(List.of(SpfRecord.Qualifier.PASS, SpfRecord.Qualifier.FAIL, SpfRecord.Qualifier.SOFTFAIL,
                SpfRecord.Qualifier.NEUTRAL, SpfRecord.Qualifier.PASS, SpfRecord.Qualifier.PASS), qualifiers);
        assertInstanceOf(SpfRecord.All.class, record.directives().get(5).mechanism());
    }

    @Test
    void parseShouldReadDualCidrWhenDomainAndBothLengths() throws SpfException {
        SpfRecord.A a = (SpfRecord.A) only("v=spf1 a:mail.example.com/24//64");

        assertEquals("mail.example.com", a.domain().orElseThrow().toString());
        assertEquals(24, a.ip4Prefix());
        assertEquals(64, a.ip6Prefix());
    }

    @Test
    void parseShouldDefaultToFullLengthsWhenNoCidr() throws SpfException {
        SpfRecord.Mx mx = (SpfRecord.Mx) only("v=spf1 mx");

        assertTrue(mx.domain().isEmpty());
        assertEquals(32, mx.ip4Prefix());
        assertEquals(128, mx.ip6Prefix());
    }

    @Test
    void parseShouldKeepSlashInDomainWhenNotACidr() throws SpfException {
        SpfRecord.A a = (SpfRecord.A) only("v=spf1 a:foo:bar/baz.example.com");

        assertEquals("foo:bar/baz.example.com", a.domain().orElseThrow().toString());
    }

    @Test
    void parseShouldReadNetworkWhenIp4WithPrefix() throws SpfException {
        SpfRecord.Ip4 ip4 = (SpfRecord.Ip4) only("v=spf1 ip4:192.0.2.128/25");

        assertArrayEquals(new byte[] {(byte) 192, 0, 2, (byte) 128}, ip4.network());
        assertEquals(25, ip4.prefix());
    }

    @Test
    void parseShouldKeepIp6NetworkSixteenBytesWhenIp4Mapped() throws SpfException {
        SpfRecord.Ip6 ip6 = (SpfRecord.Ip6) only("v=spf1 ip6:::FFFF:1.2.3.4");

        assertEquals(16, ip6.network().length);
        assertEquals(128, ip6.prefix());
    }

    @Test
    void parseShouldReadModifiersWhenRedirectAndExp() throws SpfException {
        SpfRecord record = SpfRecordParser.parse("v=spf1 exp=why.%{d} redirect=_spf.example.com");

        assertEquals("_spf.example.com", record.redirect().orElseThrow().toString());
        assertEquals("why.%{d}", record.explanation().orElseThrow().toString());
        assertTrue(record.directives().isEmpty());
    }

    @Test
    void parseShouldIgnoreModifierWhenUnknownButValid() throws SpfException {
        SpfRecord record = SpfRecordParser.parse("v=spf1 moo.cow-far_out=man:dog/cat default=pass -all");

        assertEquals(1, record.directives().size());
    }

    @Test
    void parseShouldAcceptWhenSeveralSpacesAndTrailingSpace() throws SpfException {
        assertEquals(2, SpfRecordParser.parse("v=spf1 a  -all ").directives().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "v=spf1 ip4:1.2.3.4 -all moo",              // unknown mechanism, even after a match
            "v=spf1 moo.cow/far_out=man:dog/cat -all",  // '/' before '=': not a modifier
            "v=spf1 redirect:example.com",              // redirect is a modifier
            "v=spf1 1up=foo", "v=spf1 =all",            // modifier names start with a letter
            "v=spf1 foo=%abc",                          // unknown modifier, bad macro
            "v=spf1 exp=", "v=spf1 redirect=", "v=spf1 exp=-all",
            "v=spf1 exp=a.example.com exp=b.example.com",
            "v=spf1 redirect=a.example.com redirect=b.example.com",
            "v=spf1 -all.", "v=spf1 -all:foobar", "v=spf1 -all/8",
            "v=spf1 include", "v=spf1 include:", "v=spf1 include:example.com/24",
            "v=spf1 exists", "v=spf1 exists:", "v=spf1 exists:mail.example.com/24",
            "v=spf1 ptr/0", "v=spf1 ptr:",
            "v=spf1 a:", "v=spf1 a/33", "v=spf1 a//129", "v=spf1 a/24/64", "v=spf1 a/024",
            "v=spf1 ip4", "v=spf1 ip4:1.2.3", "v=spf1 ip4:1.2.3.4:8080", "v=spf1 ip4:1.2.03.4",
            "v=spf1 ip4:1.2.3.4/33", "v=spf1 ip4:1.2.3.4/032", "v=spf1 ip4:1.2.3.4//32",
            "v=spf1 ip6", "v=spf1 ip6::CAFE::BABE", "v=spf1 ip6:::1.1.1.1/129", "v=spf1 ip6:::1.1.1.1//33",
            "v=spf1 ip6:1.2.3.4",
            "v=spf1 a:ctrl.example.com\rptr -all",      // terms are separated by spaces only
            "v=spf1 a:example.net \u0096all",            // 7-bit ASCII only
            "v=spf1 +-all", "v=spf1 -"
    })
    void parseShouldFailWithPermerrorWhenSyntaxBad(String record) {
        SpfException e = assertThrows(SpfException.class, () -> SpfRecordParser.parse(record));

        assertEquals(SpfResult.Result.PERMERROR, e.result());
    }

    private static SpfRecord.Mechanism only(String record) throws SpfException {
        List<SpfRecord.Directive> directives = SpfRecordParser.parse(record).directives();
        assertEquals(1, directives.size());
        return directives.get(0).mechanism();
    }
}
