package io.mailgate.mailauth.dkim;

import java.util.Objects;

/**
 * The outcome of one DKIM-Signature: who signed ({@code d=}, {@code s=}, {@code a=} as written,
 * empty when the field did not say) and whether it verified, with the reason when not.
 *
 * @param domain {@code d=}
 * @param selector {@code s=}
 * @param algorithm {@code a=}
 * @param pass whether the signature verified
 * @param reason why it did not ({@code body hash mismatch}, {@code signature mismatch},
 *     {@code no key record}, {@code key revoked (empty p=)}, {@code bad tag: …}); empty on pass
 */
public record DkimResult(String domain, String selector, String algorithm, boolean pass, String reason) {

    public DkimResult {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code d=example.com s=sel a=rsa-sha256 pass}, or {@code … fail <reason>}. */
    @Override
    public String toString() {
        return "d=" + domain + " s=" + selector + " a=" + algorithm + (pass ? " pass" : " fail " + reason);
    }
}
