package io.mailgate.mailauth.spf;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Our SPF evaluator, RFC 7208 complete: record selection, every mechanism and modifier, macros,
 * {@code include}, {@code redirect}, {@code exp}, the limits of 10 DNS-querying terms and 2 void
 * lookups, and {@code temperror} kept apart from {@code permerror}. It is measured against the RFC
 * 7208 test suite (the conformance test of this module).
 *
 * <p>Why not Apache James jSPF, the field's Java library: jSPF 1.0.3 follows RFC 4408. Run against
 * the RFC 7208 suite it failed 14 of 203 cases (still queries the retired type SPF, no void-lookup
 * limit, no limit on MX names, a DNS timeout in {@code exists} taken for no match, PTR names compared
 * case-sensitively, two macro slips), and several of those are what AUTH-3 asks for.
 *
 * <p>Settings (each {@code with…} returns a new evaluator; the evaluator is immutable and
 * thread-safe, every check has its own state):
 * <ul>
 *   <li>{@code receiver} (default {@code unknown}): this host's name, the {@code %{r}} macro.</li>
 *   <li>{@code defaultExplanation} (default {@value #DEFAULT_EXPLANATION}): the explanation of a
 *       {@code fail} whose record has no usable {@code exp=}, itself a macro string.</li>
 *   <li>{@code timeLimit} (default 20 s, what RFC 7208 4.6.4 asks at least): a check still querying
 *       after it ends in {@code temperror}.</li>
 *   <li>{@code clock}: the time of the {@code %{t}} macro.</li>
 * </ul>
 *
 * <p>Example: {@code new Rfc7208Evaluator(DnsjavaSpfDns.of(List.of(), Duration.ofSeconds(5)))
 * .withReceiver("mx.example.net").evaluate("192.0.2.1", "alice@example.com", "mail.example.com")}.
 */
public final class Rfc7208Evaluator implements SpfEvaluator {

    public static final String DEFAULT_EXPLANATION = "%{c} is not allowed to send mail for %{o} (SPF)";

    private final SpfDns dns;
    private final String receiver;
    private final MacroString defaultExplanation;
    private final Duration timeLimit;
    private final Clock clock;

    public Rfc7208Evaluator(SpfDns dns) {
        this(dns, "unknown", explanationText(DEFAULT_EXPLANATION), Duration.ofSeconds(20), Clock.systemUTC());
    }

    private Rfc7208Evaluator(SpfDns dns, String receiver, MacroString defaultExplanation, Duration timeLimit,
                             Clock clock) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        this.defaultExplanation = defaultExplanation;
        this.timeLimit = Objects.requireNonNull(timeLimit, "timeLimit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The same evaluator with {@code %{r}} = {@code receiver}. */
    public Rfc7208Evaluator withReceiver(String receiver) {
        return new Rfc7208Evaluator(dns, receiver, defaultExplanation, timeLimit, clock);
    }

    /**
     * The same evaluator with another default explanation.
     *
     * @throws IllegalArgumentException when the text is not a valid explanation (macro syntax)
     */
    public Rfc7208Evaluator withDefaultExplanation(String explanation) {
        return new Rfc7208Evaluator(dns, receiver, explanationText(explanation), timeLimit, clock);
    }

    /** The same evaluator with another time limit per check. */
    public Rfc7208Evaluator withTimeLimit(Duration timeLimit) {
        return new Rfc7208Evaluator(dns, receiver, defaultExplanation, timeLimit, clock);
    }

    /** The same evaluator with another clock for {@code %{t}}. */
    public Rfc7208Evaluator withClock(Clock clock) {
        return new Rfc7208Evaluator(dns, receiver, defaultExplanation, timeLimit, clock);
    }

    /**
     * {@inheritDoc}
     *
     * <p>For {@code permerror} and {@code temperror}, the explanation says what went wrong, for the
     * log and the reply; RFC 7208 defines explanations for {@code fail} only.
     *
     * @throws IllegalArgumentException when {@code ip} is not an IP address literal
     */
    @Override
    public SpfResult evaluate(String ip, String mailFrom, String helo) {
        byte[] address = IpAddresses.parseClient(ip);
        String heloName = helo == null ? "" : helo;
        String from = mailFrom == null ? "" : mailFrom;
        String localPart = "postmaster";
        String domain = heloName; // the null reverse path: check the HELO identity (2.4)
        if (!from.isEmpty()) {
            int at = from.lastIndexOf('@');
            domain = from.substring(at + 1);
            if (at > 0) {
                localPart = from.substring(0, at);
            }
        }
        domain = DomainNames.withoutTrailingDot(domain);
        if (!DomainNames.isCheckable(domain)) {
            return SpfResult.of(SpfResult.Result.NONE); // 4.3: malformed or single-label domain
        }
        SpfRequest request = new SpfRequest(address, localPart, domain, heloName, receiver,
                clock.instant().getEpochSecond());
        long deadline = System.nanoTime() + timeLimit.toNanos();
        try {
            return new CheckHost(request, dns, defaultExplanation, deadline).evaluate(domain);
        } catch (SpfException e) {
            return new SpfResult(e.result(), e.getMessage());
        }
    }

    private static MacroString explanationText(String text) {
        try {
            return MacroString.parse(Objects.requireNonNull(text, "explanation"), MacroString.Kind.EXPLANATION);
        } catch (SpfException e) {
            throw new IllegalArgumentException("not a valid SPF explanation: " + e.getMessage(), e);
        }
    }
}
