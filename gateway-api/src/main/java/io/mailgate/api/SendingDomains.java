package io.mailgate.api;

import java.security.PrivateKey;
import java.util.List;
import java.util.Optional;

/**
 * The tenants' sending domains with their verification state and DKIM keys, as plugins read them
 * (an OSGi service). Lookups are served from memory: no database and no DNS on the message path.
 */
public interface SendingDomains {

    /**
     * One DKIM key of a domain.
     *
     * @param selector   the selector it is published under ({@code <selector>._domainkey.<domain>})
     * @param algorithm  as DKIM names it: {@code rsa-sha256} or {@code ed25519-sha256}
     * @param privateKey the private key (RSA or Ed25519)
     */
    record DkimKey(String selector, String algorithm, PrivateKey privateKey) {
    }

    /**
     * A tenant's sending domain.
     *
     * @param domain              lower case, punycode, no trailing dot
     * @param verified            its records check out (or an admin attested it): mail may be sent as it
     * @param reason              when not verified, why, in words a person can act on
     * @param strictDkimAlignment its DMARC record asks for strict DKIM alignment ({@code adkim=s})
     * @param keys                the keys to sign with, one per algorithm
     */
    record SendingDomain(String domain, String tenantId, boolean verified, String reason,
                         boolean strictDkimAlignment, List<DkimKey> keys) {
    }

    /**
     * The tenant's sending domain that covers {@code domain}: the domain itself, else its nearest
     * parent that the tenant has (a tenant with {@code example.com} may send as
     * {@code news.example.com}). {@code domain} may be in any case, with a trailing dot or in
     * Unicode. Empty when the tenant has no such domain.
     */
    Optional<SendingDomain> covering(String tenantId, String domain);
}
