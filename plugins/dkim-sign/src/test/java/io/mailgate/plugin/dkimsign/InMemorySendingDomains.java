package io.mailgate.plugin.dkimsign;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.mailgate.api.SendingDomains;

/** SendingDomains in a list, as the gateway keeps them in memory: the tenant's nearest covering domain wins. */
final class InMemorySendingDomains implements SendingDomains {

    private final List<SendingDomain> domains = new ArrayList<>();

    InMemorySendingDomains add(SendingDomain domain) {
        domains.add(domain);
        return this;
    }

    /** The test tenant with {@link TestKeys#exampleCom()}. */
    static InMemorySendingDomains exampleCom() {
        return new InMemorySendingDomains().add(TestKeys.exampleCom());
    }

    @Override
    public Optional<SendingDomain> covering(String tenantId, String domain) {
        String name = domain.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        while (true) {
            for (SendingDomain sending : domains) {
                if (sending.tenantId().equals(tenantId) && sending.domain().equals(name)) {
                    return Optional.of(sending);
                }
            }
            int dot = name.indexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            name = name.substring(dot + 1);
        }
    }
}
