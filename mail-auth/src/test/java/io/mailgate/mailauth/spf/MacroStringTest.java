package io.mailgate.mailauth.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Macro strings on their own, with the examples of RFC 7208 section 7.4. */
class MacroStringTest {

    /** RFC 7208 7.4: sender strong-bad@email.example.com, client 192.0.2.3, PTR name mx.example.org. */
    private static final Map<Character, String> RFC_EXAMPLE = Map.of(
            's', "strong-bad@email.example.com", 'l', "strong-bad", 'o', "email.example.com",
            'd', "email.example.com", 'i', "192.0.2.3", 'p', "mx.example.org", 'v', "in-addr",
            'h', "mx.example.org", 'c', "192.0.2.3", 'r', "receiver.example.net");

    @ParameterizedTest
    @CsvSource({
            "%{s}, strong-bad@email.example.com",
            "%{o}, email.example.com",
            "%{d}, email.example.com",
            "%{d4}, email.example.com",
            "%{d3}, email.example.com",
            "%{d2}, example.com",
            "%{d1}, com",
            "%{dr}, com.example.email",
            "%{d2r}, example.email",
            "%{l}, strong-bad",
            "%{l-}, strong.bad",
            "%{lr}, strong-bad",
            "%{lr-}, bad.strong",
            "%{l1r-}, strong",
            "%{ir}.%{v}._spf.%{d2}, 3.2.0.192.in-addr._spf.example.com",
            "%{lr-}.lp._spf.%{d2}, bad.strong.lp._spf.example.com",
            "%{lr-}.lp.%{ir}.%{v}._spf.%{d2}, bad.strong.lp.3.2.0.192.in-addr._spf.example.com",
            "%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}, 3.2.0.192.in-addr.strong.lp._spf.example.com",
            "%{d2}.trusted-domains.example.net, example.com.trusted-domains.example.net"
    })
    void expandShouldGiveRfcExampleWhenDomainSpecFromRfc(String spec, String expected) throws SpfException {
        assertEquals(expected, MacroString.parse(spec, MacroString.Kind.DOMAIN_SPEC).expand(RFC_EXAMPLE::get));
    }

    @Test
    void expandShouldUrlEscapeWhenLetterUpperCase() throws SpfException {
        MacroString spec = MacroString.parse("%{L}", MacroString.Kind.MODIFIER_VALUE);

        assertEquals("~jack%26jill%3Dup-a_b3.c", spec.expand(letter -> "~jack&jill=up-a_b3.c"));
    }

    @Test
    void expandShouldWriteEscapesWhenPercentUnderscoreOrDash() throws SpfException {
        MacroString spec = MacroString.parse("a%%b%_c%-d.example.com", MacroString.Kind.DOMAIN_SPEC);

        assertEquals("a%b c%20d.example.com", spec.expand(letter -> ""));
    }

    @Test
    void expandShouldSplitOnEveryDelimiterWhenSeveralGiven() throws SpfException {
        MacroString spec = MacroString.parse("%{l2r+-}.user.example.com", MacroString.Kind.DOMAIN_SPEC);

        assertEquals("bar.foo.user.example.com", spec.expand(letter -> "foo-bar+zip+quux"));
    }

    @Test
    void expandShouldKeepTrailingDotWhenExplanation() throws SpfException {
        MacroString text = MacroString.parse("This is a test.", MacroString.Kind.EXPLANATION);

        assertEquals("This is a test.", text.expand(letter -> ""));
    }

    @Test
    void parseShouldAcceptExplanationLettersWhenExplanation() throws SpfException {
        MacroString text = MacroString.parse("%{c} via %{r} at %{t}", MacroString.Kind.EXPLANATION);

        assertEquals("192.0.2.3 via receiver.example.net at 0",
                text.expand(letter -> letter == 't' ? "0" : RFC_EXAMPLE.get(letter)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%{c}.example.com", "%{r}.example.com", "%{t}.example.com"})
    void parseShouldFailWhenExplanationLetterInDomainSpec(String spec) {
        SpfException e = assertThrows(SpfException.class, () -> MacroString.parse(spec, MacroString.Kind.DOMAIN_SPEC));

        assertEquals(SpfResult.Result.PERMERROR, e.result());
        assertTrue(e.getMessage().contains("only in explanation"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"%(ir).sbl.example.com", "foo%.sbl.example.com", "foo%", "%{x}.example.com",
            "%{d0}.example.com", "%{d2q}.example.com", "%{d.example.com", "%{}.example.com"})
    void parseShouldFailWhenMacroSyntaxBad(String spec) {
        assertThrows(SpfException.class, () -> MacroString.parse(spec, MacroString.Kind.DOMAIN_SPEC));
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo-bar", "museum", "museum.", "abc.123", "example.-com", "example.com:8080",
            "foo.example.com/24", "-all"})
    void parseShouldFailWhenDomainSpecDoesNotEndInTopLabel(String spec) {
        assertThrows(SpfException.class, () -> MacroString.parse(spec, MacroString.Kind.DOMAIN_SPEC));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "example.com.", "foo.example.xn--zckzah", "foo:bar/baz.example.com",
            "%{d}", "_spf.%{d2}", "mail.example...com"})
    void parseShouldAcceptWhenDomainSpecEndsInMacroOrTopLabel(String spec) throws SpfException {
        assertEquals(spec, MacroString.parse(spec, MacroString.Kind.DOMAIN_SPEC).toString());
    }

    @Test
    void parseShouldFailWhenSpaceInDomainSpec() {
        assertThrows(SpfException.class, () -> MacroString.parse("a b.example.com", MacroString.Kind.DOMAIN_SPEC));
    }

    @Test
    void parseShouldFailWhenNonAsciiInExplanation() {
        assertThrows(SpfException.class, () -> MacroString.parse("\u00efExplanation", MacroString.Kind.EXPLANATION));
    }
}
