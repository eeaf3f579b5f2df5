package io.mailgate.core.store;

import java.time.Instant;
import java.util.SortedSet;

import io.mailgate.api.TenantDirectory;

/**
 * A tenant as the gateway's admin sees it: {@link TenantDirectory.Tenant} plus what only the
 * admin needs. Immutable; the store replaces it on every change.
 *
 * @param statusReason why the tenant is suspended or disabled; empty while it is active
 * @param domains      the sending domains, normalized and sorted
 */
public record TenantRecord(String id, String name, TenantDirectory.Status status, String statusReason,
                           Instant createdAt, SortedSet<String> domains) {

    /** The view plugins get through {@link TenantDirectory}. */
    public TenantDirectory.Tenant toTenant() {
        return new TenantDirectory.Tenant(id, name, status, statusReason, domains);
    }
}
