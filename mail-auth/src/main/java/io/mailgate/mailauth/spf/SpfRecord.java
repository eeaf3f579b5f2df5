package io.mailgate.mailauth.spf;

import java.util.List;
import java.util.Optional;

/**
 * One SPF record after parsing (RFC 7208 section 4.6): the directives in the order they are
 * evaluated, and the {@code redirect=} and {@code exp=} modifiers. Unknown modifiers are checked by
 * the parser and then dropped (section 6: they do not change the result).
 *
 * @param directives the qualified mechanisms, left to right
 * @param redirect the {@code redirect=} target, when the record has one
 * @param explanation the {@code exp=} domain, when the record has one
 */
record SpfRecord(List<Directive> directives, Optional<MacroString> redirect, Optional<MacroString> explanation) {

    /** The prefix of a mechanism and the result it gives when the mechanism matches (4.6.2). */
    enum Qualifier {
        PASS('+', SpfResult.Result.PASS),
        FAIL('-', SpfResult.Result.FAIL),
        SOFTFAIL('~', SpfResult.Result.SOFTFAIL),
        NEUTRAL('?', SpfResult.Result.NEUTRAL);

        private final char symbol;
        private final SpfResult.Result result;

        Qualifier(char symbol, SpfResult.Result result) {
            this.symbol = symbol;
            this.result = result;
        }

        SpfResult.Result result() {
            return result;
        }

        /** The qualifier written as {@code symbol}, or empty when the character is not one. */
        static Optional<Qualifier> of(char symbol) {
            for (Qualifier q : values()) {
                if (q.symbol == symbol) {
                    return Optional.of(q);
                }
            }
            return Optional.empty();
        }
    }

    /** A qualified mechanism. */
    record Directive(Qualifier qualifier, Mechanism mechanism) {
    }

    /** The eight mechanisms of RFC 7208 section 5. A target left out means the current domain. */
    sealed interface Mechanism permits All, Include, A, Mx, Ptr, Ip4, Ip6, Exists {
    }

    /** {@code all}: always matches (5.1). */
    record All() implements Mechanism {
    }

    /** {@code include:<domain-spec>}: matches when that domain's policy passes (5.2). */
    record Include(MacroString domain) implements Mechanism {
    }

    /** {@code a[:<domain-spec>][/<ip4-cidr>][//<ip6-cidr>]}: the client is one of the domain's addresses (5.3). */
    record A(Optional<MacroString> domain, int ip4Prefix, int ip6Prefix) implements Mechanism {
    }

    /** {@code mx[:<domain-spec>][/<ip4-cidr>][//<ip6-cidr>]}: the client is one of the domain's mail exchangers (5.4). */
    record Mx(Optional<MacroString> domain, int ip4Prefix, int ip6Prefix) implements Mechanism {
    }

    /** {@code ptr[:<domain-spec>]}: a validated name of the client is in the domain (5.5). */
    record Ptr(Optional<MacroString> domain) implements Mechanism {
    }

    /** {@code ip4:<network>[/<prefix>]} (5.6): 4 network bytes. */
    record Ip4(byte[] network, int prefix) implements Mechanism {
    }

    /** {@code ip6:<network>[/<prefix>]} (5.6): 16 network bytes. */
    record Ip6(byte[] network, int prefix) implements Mechanism {
    }

    /** {@code exists:<domain-spec>}: the name has an A record (5.7). */
    record Exists(MacroString domain) implements Mechanism {
    }
}
