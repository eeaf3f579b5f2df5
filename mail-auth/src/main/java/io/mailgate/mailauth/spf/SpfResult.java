package io.mailgate.mailauth.spf;

import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of an SPF check: one of the seven results of RFC 7208 section 2.6 and its
 * explanation. For {@code fail} that is the explanation for the sender (section 6.2); for
 * {@code permerror} and {@code temperror} what went wrong (for the log and the reply); otherwise
 * it is empty.
 *
 * @param result the SPF result
 * @param explanation the explanation, or empty
 */
public record SpfResult(Result result, String explanation) {

    /** The results of RFC 7208 section 2.6, by their names in lower case ({@code pass}, …). */
    public enum Result {
        NONE, NEUTRAL, PASS, FAIL, SOFTFAIL, TEMPERROR, PERMERROR;

        /** The name as RFC 7208 and the Received-SPF header write it: {@code pass}, {@code temperror}, … */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SpfResult {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(explanation, "explanation");
    }

    /** A result without explanation. */
    public static SpfResult of(Result result) {
        return new SpfResult(result, "");
    }

    @Override
    public String toString() {
        return explanation.isEmpty() ? result.label() : result.label() + " (" + explanation + ")";
    }
}
