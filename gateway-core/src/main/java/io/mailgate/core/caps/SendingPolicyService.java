package io.mailgate.core.caps;

import java.util.Optional;
import java.util.Set;

import io.mailgate.api.SendingPolicies;

/** The {@link SendingPolicies} service plugins get: the policy store's lookups and the counters. */
public final class SendingPolicyService implements SendingPolicies {

    private final SendingPolicyStore policies;
    private final CapCounters counters;

    public SendingPolicyService(SendingPolicyStore policies, CapCounters counters) {
        this.policies = policies;
        this.counters = counters;
    }

    @Override
    public Optional<Policy> find(String tenantId, Scope scope, String target) {
        return policies.find(tenantId, scope, target);
    }

    @Override
    public Set<Kind> countedKinds(String tenantId) {
        return policies.countedKinds(tenantId);
    }

    @Override
    public int sent(CountKey key, int days) {
        return counters.sent(CapCounters.hash(key), days);
    }

    @Override
    public void count(CountKey key) {
        counters.count(CapCounters.hash(key));
    }
}
