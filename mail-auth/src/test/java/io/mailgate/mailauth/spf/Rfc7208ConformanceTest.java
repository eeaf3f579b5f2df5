package io.mailgate.mailauth.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Conformance of our {@link SpfEvaluator} to RFC 7208, measured with the published test suite (the
 * openspf.org suite as kept by pyspf, 203 cases), read in place from the shared corpus through the
 * system property {@code mailgate.corpus}. Each case is one dynamic test named
 * {@code <scenario>/<case>}, served by a stub resolver over the case's zonedata (no real DNS).
 *
 * <p>A case passes when the result is one of the accepted results and, when the case gives an
 * explanation, the explanation is the same ({@code DEFAULT} stands for the default explanation,
 * which this test sets to the text {@code DEFAULT}, as the suite's own driver does).
 *
 * <p>{@link #KNOWN_FAILURES} lists the cases we do not pass, each with the reason; such a case is
 * asserted to fail, so that a fix or a regression both show.
 */
class Rfc7208ConformanceTest {

    static final String DEFAULT_EXPLANATION = "DEFAULT";

    static final int SUITE_CASES = 203;

    /** Cases this evaluator does not pass: id ({@code scenario/case}) to the reason. */
    static final Map<String, String> KNOWN_FAILURES = Map.of();

    private static SpfEvaluator evaluatorFor(SuiteZone zone) {
        return new Rfc7208Evaluator(new ZoneSpfDns(zone)).withDefaultExplanation(DEFAULT_EXPLANATION);
    }

    @TestFactory
    @DisplayName("RFC 7208 suite")
    Stream<DynamicTest> rfc7208SuiteCase() throws IOException {
        return Rfc7208Suite.load(Rfc7208Suite.locate()).stream()
                .flatMap(scenario -> scenario.cases().stream()
                        .map(c -> DynamicTest.dynamicTest(c.id(), () -> check(c, scenario.zone()))));
    }

    @Test
    void suiteShouldHaveAllCasesWhenReadFromCorpus() throws IOException {
        assertEquals(SUITE_CASES, allCaseIds().size(), "cases in " + Rfc7208Suite.locate());
    }

    @Test
    void knownFailuresShouldNameCasesOfTheSuiteWhenAnyListed() throws IOException {
        Set<String> unknown = new TreeSet<>(KNOWN_FAILURES.keySet());
        unknown.removeAll(allCaseIds());
        assertTrue(unknown.isEmpty(), "KNOWN_FAILURES names cases that are not in the suite: " + unknown);
    }

    private static Set<String> allCaseIds() throws IOException {
        return Rfc7208Suite.load(Rfc7208Suite.locate()).stream()
                .flatMap(s -> s.cases().stream())
                .map(Rfc7208Suite.Case::id)
                .collect(Collectors.toSet());
    }

    private static void check(Rfc7208Suite.Case c, SuiteZone zone) {
        SpfResult actual = evaluatorFor(zone).evaluate(c.host(), c.mailFrom(), c.helo());
        String mismatch = mismatch(c, actual);
        String knownReason = KNOWN_FAILURES.get(c.id());
        if (knownReason == null && mismatch != null) {
            fail(c.id() + " (RFC 7208 " + c.spec() + "): " + mismatch);
        }
        if (knownReason != null && mismatch == null) {
            fail(c.id() + " passes now (" + actual + "): take it out of KNOWN_FAILURES (was: " + knownReason + ")");
        }
    }

    /** Why the result does not match the case, or {@code null} when it does. */
    private static String mismatch(Rfc7208Suite.Case c, SpfResult actual) {
        List<String> accepted = c.results();
        if (!accepted.contains(actual.result().label())) {
            return "expected " + String.join(" or ", accepted) + ", got " + actual;
        }
        if (c.explanation() != null && !c.explanation().equals(actual.explanation())) {
            return "expected the explanation '" + c.explanation() + "', got '" + actual.explanation() + "'";
        }
        return null;
    }
}
