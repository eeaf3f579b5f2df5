package io.mailgate.core.admin;

import java.util.List;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Response;

/**
 * Tenant isolation, in this one place: a caller confined to a tenant (a tenant token) may reach
 * {@code /api/v1/tenants/{id}/…} only for its own id. Another tenant's id answers 404, as a tenant
 * that does not exist would, so that a token cannot probe which ids exist, and that before any
 * route or role is looked at (an admin-only route of another tenant is a 404 too, not a 403). What
 * a tenant token may do on its own routes is then up to {@code @RolesAllowed} on the resources
 * ({@link Role}); routes outside a tenant (tenant list, gateway-wide lists, journal) are admin-only
 * there and answer 403.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 1)
final class TenantScopeFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (!(request.getSecurityContext().getUserPrincipal() instanceof ApiPrincipal caller) || caller.tenantId().isEmpty()) {
            return;
        }
        // Empty segments are skipped, so that "/api/v1//tenants/x" cannot slip past the check.
        List<String> segments = request.getUriInfo().getPathSegments(true).stream()
                .map(PathSegment::getPath).filter(segment -> !segment.isEmpty()).toList();
        if (segments.size() >= 4 && segments.get(0).equals("api") && segments.get(1).equals("v1")
                && segments.get(2).equals("tenants")) {
            String id = segments.get(3);
            if (!id.equals(caller.tenantId().get())) {
                Problem problem = Problem.of(ProblemType.NOT_FOUND, "there is no tenant with id '" + id + "'");
                ProblemMapper.log(problem, request.getMethod(), request.getUriInfo().getRequestUri().getRawPath(), null);
                request.abortWith(Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build());
            }
        }
    }
}
