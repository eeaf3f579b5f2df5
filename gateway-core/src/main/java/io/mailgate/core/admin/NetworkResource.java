package io.mailgate.core.admin;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * A tenant's source networks: mail from these addresses is the tenant's without SMTP AUTH.
 * <pre>
 * POST   /api/v1/tenants/{id}/networks              {"cidr":"192.0.2.0/24"}  201 {"cidr"}
 * GET    /api/v1/tenants/{id}/networks                                       200 {"items":[{"cidr"}…]}
 * DELETE /api/v1/tenants/{id}/networks?cidr=192.0.2.0/24                     204
 * </pre>
 * The tenant's own tokens may read (GET); writes are the admin's.
 * The network to delete goes in the {@code cidr} query parameter, not in the path: a CIDR holds a
 * slash, and an encoded slash ({@code %2F}) in a path is refused by the HTTP server as ambiguous.
 * IPv4 and IPv6 are accepted; host bits must be zero; the answer shows the canonical form
 * ({@code 2001:db8::/32}). A network belongs to one tenant only (409 otherwise).
 */
@Path("/api/v1/tenants/{id}/networks")
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public final class NetworkResource {

    public record NewNetwork(String cidr) {
    }

    public record NetworkView(String cidr) {
    }

    private final TenantStore tenants;

    @Inject
    NetworkResource(TenantStore tenants) {
        this.tenants = tenants;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(@PathParam("id") String id, NewNetwork body, @Context UriInfo uri) {
        String cidr = tenants.addNetwork(id, body.cidr());
        return Response.created(uri.getAbsolutePathBuilder().queryParam("cidr", cidr).build())
                .entity(new NetworkView(cidr)).build();
    }

    @GET
    @RolesAllowed({Role.ADMIN_NAME, Role.TENANT_MASTER_NAME, Role.TENANT_USER_NAME})
    public Items<NetworkView> list(@PathParam("id") String id) {
        return new Items<>(tenants.networks(id).stream().map(NetworkView::new).toList());
    }

    @DELETE
    public Response remove(@PathParam("id") String id, @QueryParam("cidr") String cidr) {
        if (cidr == null || cidr.isBlank()) {
            throw ApiException.malformed("name the network to remove in the query, such as ?cidr=192.0.2.0/24");
        }
        tenants.removeNetwork(id, cidr);
        return Response.noContent().build();
    }
}
