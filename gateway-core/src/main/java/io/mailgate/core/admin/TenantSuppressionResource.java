package io.mailgate.core.admin;

import java.util.Set;

import io.mailgate.api.Suppressions.Reason;
import io.mailgate.core.store.NotFoundException;
import io.mailgate.core.store.TenantStore;
import io.mailgate.core.suppression.ReasonNames;
import io.mailgate.core.suppression.SuppressionStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.UriInfo;

/**
 * A tenant's suppression lists, whole or per resource. Routes: {@link SuppressionListResource}. The
 * tenant's own tokens, master or user, may read and write them.
 */
@Path("/api/v1/tenants/{id}/suppressions")
@RolesAllowed({Role.ADMIN_NAME, Role.TENANT_MASTER_NAME, Role.TENANT_USER_NAME})
public final class TenantSuppressionResource extends SuppressionListResource {

    private final TenantStore tenants;

    @Inject
    TenantSuppressionResource(SuppressionStore store, TenantStore tenants) {
        super(store);
        this.tenants = tenants;
    }

    @Override
    String tenantId(UriInfo uri) {
        String id = uri.getPathParameters().getFirst("id");
        return tenants.tenant(id).orElseThrow(() -> new NotFoundException("there is no tenant with id '" + id + "'")).id();
    }

    @Override
    Set<Reason> reasons() {
        return ReasonNames.TENANT;
    }
}
