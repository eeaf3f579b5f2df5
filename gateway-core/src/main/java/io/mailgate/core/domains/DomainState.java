package io.mailgate.core.domains;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the gateway knows of one tenant's sending domain, as held in memory. Immutable: the
 * service replaces it on every change.
 *
 * @param token       the ownership token the domain publishes at {@code _mailgate.<domain>}
 * @param keys        RSA first, then Ed25519
 * @param attestation an admin's declaration that the domain is the tenant's, without DNS
 * @param verified    the records check out, or the domain is attested
 * @param reason      when not verified, why
 * @param checkedAt   when the records were last looked up; null before the first check
 * @param checks      the last check of each record, by kind
 */
public record DomainState(String tenantId, String domain, String token, List<DkimKeyPair> keys,
                          Optional<Attestation> attestation, boolean verified, String reason,
                          boolean strictDkimAlignment, Instant checkedAt, Map<String, RecordCheck> checks) {

    /** An admin's declaration. */
    public record Attestation(String note, Instant at) {
    }

    public DomainState {
        keys = List.copyOf(keys);
        checks = Map.copyOf(checks);
    }

    DomainState withAttestation(Optional<Attestation> newAttestation, boolean newVerified, String newReason) {
        return new DomainState(tenantId, domain, token, keys, newAttestation, newVerified, newReason,
                strictDkimAlignment, checkedAt, checks);
    }

    DomainState withVerification(boolean newVerified, String newReason, boolean newStrict, Instant newCheckedAt,
                                 Map<String, RecordCheck> newChecks) {
        return new DomainState(tenantId, domain, token, keys, attestation, newVerified, newReason, newStrict,
                newCheckedAt, newChecks);
    }
}
