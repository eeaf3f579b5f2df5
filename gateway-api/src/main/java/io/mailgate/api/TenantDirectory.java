package io.mailgate.api;

import java.util.Optional;
import java.util.Set;

/** The gateway's tenants, as a plugin may read them (an OSGi service). Lookups are served from memory. */
public interface TenantDirectory {

    enum Status { ACTIVE, SUSPENDED, DISABLED }

    /** A tenant as stages see it: no credentials. */
    record Tenant(String id, String name, Status status, String statusReason, Set<String> domains) {
    }

    Optional<Tenant> find(String tenantId);
}
