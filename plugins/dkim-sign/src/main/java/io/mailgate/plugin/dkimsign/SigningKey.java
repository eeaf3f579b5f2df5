package io.mailgate.plugin.dkimsign;

import java.security.PrivateKey;
import java.util.Locale;
import java.util.Objects;

/**
 * What one DKIM signature is made with: the signing domain ({@code d=}), the selector
 * ({@code s=}) under which the domain publishes the public key, and the private key, RSA or
 * Ed25519. The signer takes one per signature and per message, so that keys can come from
 * anywhere: the stage takes them from the tenant's sending domain.
 */
record SigningKey(String domain, String selector, PrivateKey key) {

    SigningKey {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(key, "key");
        domain = domain.toLowerCase(Locale.ROOT);
        if (DkimAlgorithm.forKey(key).isEmpty()) {
            throw new IllegalArgumentException("a DKIM key is RSA or Ed25519, not " + key.getAlgorithm());
        }
    }

    DkimAlgorithm algorithm() {
        return DkimAlgorithm.forKey(key).orElseThrow();
    }

    @Override
    public String toString() {
        // Never the key itself.
        return algorithm().tag() + " " + selector + "._domainkey." + domain;
    }
}
