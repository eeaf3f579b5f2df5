package io.mailgate.plugin.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.mailgate.api.SendingDomains;

/** SendingDomains in a list, as the gateway keeps them in memory: the nearest covering domain of the tenant wins. */
final class FakeSendingDomains implements SendingDomains {

    private final List<SendingDomain> domains = new ArrayList<>();

    FakeSendingDomains verified(String tenantId, String domain) {
        domains.add(new SendingDomain(domain, tenantId, true, "", false, List.of()));
        return this;
    }

    FakeSendingDomains strict(String tenantId, String domain) {
        domains.add(new SendingDomain(domain, tenantId, true, "", true, List.of()));
        return this;
    }

    FakeSendingDomains unverified(String tenantId, String domain, String reason) {
        domains.add(new SendingDomain(domain, tenantId, false, reason, false, List.of()));
        return this;
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
