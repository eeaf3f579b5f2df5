package io.mailgate.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.mailgate.api.SendingDomains;

/**
 * SendingDomains served from a hash map, as the gateway serves them from memory: the lookup the
 * auth-enforcement and dkim-sign stages make per message. Filled with many tenants, so that the
 * map is not trivially small.
 */
final class InMemorySendingDomains implements SendingDomains {

    private final Map<String, SendingDomain> byTenantAndDomain = new HashMap<>();

    InMemorySendingDomains add(SendingDomain domain) {
        byTenantAndDomain.put(domain.tenantId() + '/' + domain.domain(), domain);
        return this;
    }

    /** {@code acme.test} of the tenant {@code acme} with these keys, beside 10,000 other tenants' domains. */
    static InMemorySendingDomains withAcme(List<DkimKey> keys) {
        InMemorySendingDomains domains = new InMemorySendingDomains();
        for (int i = 0; i < 10_000; i++) {
            domains.add(new SendingDomain("tenant" + i + ".test", "tenant-" + i, true, "", false, keys));
        }
        return domains.add(new SendingDomain("acme.test", "acme", true, "", false, keys));
    }

    @Override
    public Optional<SendingDomain> covering(String tenantId, String domain) {
        String name = domain.toLowerCase(Locale.ROOT);
        while (true) {
            SendingDomain found = byTenantAndDomain.get(tenantId + '/' + name);
            if (found != null) {
                return Optional.of(found);
            }
            int dot = name.indexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            name = name.substring(dot + 1);
        }
    }
}
