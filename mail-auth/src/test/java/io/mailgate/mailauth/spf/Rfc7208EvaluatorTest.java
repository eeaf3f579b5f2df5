package io.mailgate.mailauth.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mailgate.mailauth.spf.SpfResult.Result;

/** The evaluator's behaviour around check_host(): identities, errors, explanations, settings. */
class Rfc7208EvaluatorTest {

    private final FakeDns dns = new FakeDns();
    private final Rfc7208Evaluator evaluator = new Rfc7208Evaluator(dns);

    @Test
    void evaluateShouldPassWhenClientInIp4Network() {
        dns.txt("example.com", "v=spf1 ip4:192.0.2.0/24 -all");

        assertEquals(SpfResult.of(Result.PASS), evaluator.evaluate("192.0.2.10", "alice@example.com", "mail.example.com"));
    }

    @Test
    void evaluateShouldGiveNoneWhenDomainHasNoSpfRecord() {
        dns.txt("example.com", "google-site-verification=abc");

        assertEquals(Result.NONE, evaluator.evaluate("192.0.2.10", "alice@example.com", "mail.example.com").result());
    }

    @Test
    void evaluateShouldGiveNoneWithoutQueryingWhenDomainSingleLabel() {
        assertEquals(Result.NONE, evaluator.evaluate("192.0.2.10", "alice@localhost", "mail.example.com").result());
        assertTrue(dns.queries.isEmpty(), dns.queries.toString());
    }

    @Test
    void evaluateShouldCheckHeloAsPostmasterWhenMailFromEmpty() {
        dns.txt("mail.example.com", "v=spf1 -all exp=why.example.com");
        dns.txt("why.example.com", "%{s} via %{h}");

        SpfResult result = evaluator.evaluate("192.0.2.10", "", "mail.example.com");

        assertEquals(new SpfResult(Result.FAIL, "postmaster@mail.example.com via mail.example.com"), result);
    }

    @Test
    void evaluateShouldGiveTemperrorWhenRecordLookupFails() {
        dns.failing("example.com");

        SpfResult result = evaluator.evaluate("192.0.2.10", "alice@example.com", "mail.example.com");

        assertEquals(Result.TEMPERROR, result.result());
        assertTrue(result.explanation().contains("example.com"), result.explanation());
    }

    @Test
    void evaluateShouldGiveTemperrorWhenMechanismLookupFails() {
        dns.txt("example.com", "v=spf1 a:broken.example.net -all").failing("broken.example.net");

        assertEquals(Result.TEMPERROR, evaluator.evaluate("192.0.2.10", "alice@example.com", "h.example.com").result());
    }

    @Test
    void evaluateShouldNotMatchPtrWhenPtrLookupFails() {
        dns.txt("example.com", "v=spf1 ptr -all").failing("10.2.0.192.in-addr.arpa");

        assertEquals(Result.FAIL, evaluator.evaluate("192.0.2.10", "alice@example.com", "h.example.com").result());
    }

    @Test
    void evaluateShouldGiveTemperrorWhenMxExchangeLookupFails() {
        dns.txt("example.com", "v=spf1 mx -all").add("example.com", SpfDns.Type.MX, "mx.example.com")
                .failing("mx.example.com");

        assertEquals(Result.TEMPERROR, evaluator.evaluate("192.0.2.10", "alice@example.com", "h.example.com").result());
    }

    @Test
    void evaluateShouldGivePermerrorWhenTwoSpfRecords() {
        dns.txt("example.com", "v=spf1 -all", "v=spf1 +all");

        SpfResult result = evaluator.evaluate("192.0.2.10", "alice@example.com", "mail.example.com");

        assertEquals(Result.PERMERROR, result.result());
        assertTrue(result.explanation().contains("2 SPF records"), result.explanation());
    }

    @Test
    void evaluateShouldGivePermerrorWhenMoreThanTenDnsTerms() {
        dns.txt("example.com", "v=spf1 a a a a a a a a a a a -all");

        assertEquals(Result.PERMERROR, evaluator.evaluate("192.0.2.10", "alice@example.com", "h.example.com").result());
    }

    @Test
    void evaluateShouldUseExpTextWhenFailAndExpPresent() {
        dns.txt("example.com", "v=spf1 -all exp=why.%{d}");
        dns.txt("why.example.com", "%{c} may not send for %{o}");

        SpfResult result = evaluator.evaluate("2001:db8::1", "alice@example.com", "mail.example.com");

        assertEquals(new SpfResult(Result.FAIL, "2001:db8::1 may not send for example.com"), result);
    }

    @Test
    void evaluateShouldUseDefaultExplanationWhenFailWithoutExp() {
        dns.txt("example.com", "v=spf1 -all");

        SpfResult result = evaluator.evaluate("192.0.2.10", "alice@example.com", "mail.example.com");

        assertEquals(new SpfResult(Result.FAIL, "192.0.2.10 is not allowed to send mail for example.com (SPF)"), result);
    }

    @Test
    void evaluateShouldNotLookUpExpWhenResultNotFail() {
        dns.txt("example.com", "v=spf1 ~all exp=why.example.com");

        assertEquals(SpfResult.of(Result.SOFTFAIL), evaluator.evaluate("192.0.2.10", "alice@example.com", "h.example.com"));
        assertEquals(List.of("example.com TXT"), dns.queries);
    }

    @Test
    void evaluateShouldExpandReceiverAndTimeWhenExplanationAsksForThem() {
        dns.txt("example.com", "v=spf1 -all exp=why.example.com");
        dns.txt("why.example.com", "checked by %{r} at %{t}");
        Rfc7208Evaluator configured = evaluator.withReceiver("mx.example.net")
                .withClock(Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC));

        SpfResult result = configured.evaluate("192.0.2.10", "alice@example.com", "mail.example.com");

        assertEquals("checked by mx.example.net at 1700000000", result.explanation());
    }

    @Test
    void evaluateShouldGiveTemperrorWithoutQueryingWhenTimeLimitUsedUp() {
        dns.txt("example.com", "v=spf1 -all");

        SpfResult result = evaluator.withTimeLimit(Duration.ZERO).evaluate("192.0.2.10", "alice@example.com", "h.example.com");

        assertEquals(Result.TEMPERROR, result.result());
        assertTrue(dns.queries.isEmpty(), dns.queries.toString());
    }

    @Test
    void evaluateShouldFailWhenIpNotALiteral() {
        assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate("mail.example.com", "a@example.com", "h"));
    }

    @Test
    void withDefaultExplanationShouldFailWhenMacroSyntaxBad() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> evaluator.withDefaultExplanation("denied: %{x}"));

        assertTrue(e.getMessage().contains("%{x}"), e.getMessage());
    }
}
