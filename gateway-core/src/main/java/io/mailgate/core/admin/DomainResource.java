package io.mailgate.core.admin;

import io.mailgate.core.store.NotFoundException;
import io.mailgate.core.store.TenantStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * A tenant's sending domains.
 * <pre>
 * POST   /api/v1/tenants/{id}/domains            {"domain"}  201 {"domain"}
 * GET    /api/v1/tenants/{id}/domains                        200 {"items":[{"domain"}…]}
 * GET    /api/v1/tenants/{id}/domains/{domain}               200 {"domain"}
 * DELETE /api/v1/tenants/{id}/domains/{domain}               204
 * </pre>
 * Domains are stored lower-cased, without a trailing dot, internationalized names in punycode. For
 * now a domain is only stored; its DNS records and their verification come later.
 */
@Path("/api/v1/tenants/{id}/domains")
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public final class DomainResource {

    public record NewDomain(String domain) {
    }

    public record DomainView(String domain) {
    }

    private final TenantStore tenants;

    @Inject
    DomainResource(TenantStore tenants) {
        this.tenants = tenants;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(@PathParam("id") String id, NewDomain body, @Context UriInfo uri) {
        String domain = tenants.addDomain(id, body.domain());
        return Response.created(uri.getAbsolutePathBuilder().path(domain).build()).entity(new DomainView(domain)).build();
    }

    @GET
    public Items<DomainView> list(@PathParam("id") String id) {
        return new Items<>(tenants.domains(id).stream().map(DomainView::new).toList());
    }

    @GET
    @Path("{domain}")
    public DomainView get(@PathParam("id") String id, @PathParam("domain") String domain) {
        return tenants.findDomain(id, domain).map(DomainView::new)
                .orElseThrow(() -> new NotFoundException("tenant " + id + " has no domain " + domain));
    }

    @DELETE
    @Path("{domain}")
    public Response remove(@PathParam("id") String id, @PathParam("domain") String domain) {
        tenants.removeDomain(id, domain);
        return Response.noContent().build();
    }
}
