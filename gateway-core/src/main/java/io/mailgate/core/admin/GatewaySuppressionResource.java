package io.mailgate.core.admin;

import java.util.Set;

import io.mailgate.api.Suppressions.Reason;
import io.mailgate.core.suppression.ReasonNames;
import io.mailgate.core.suppression.SuppressionStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.UriInfo;

/** The gateway-wide suppression lists (non-existent addresses, spam traps): admin only. Routes: {@link SuppressionListResource}. */
@Path("/api/v1/suppressions")
@RolesAllowed(Role.ADMIN_NAME)
public final class GatewaySuppressionResource extends SuppressionListResource {

    @Inject
    GatewaySuppressionResource(SuppressionStore store) {
        super(store);
    }

    @Override
    String tenantId(UriInfo uri) {
        return "";
    }

    @Override
    Set<Reason> reasons() {
        return ReasonNames.GATEWAY_WIDE;
    }
}
