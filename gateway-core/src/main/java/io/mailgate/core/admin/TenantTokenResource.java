package io.mailgate.core.admin;

import io.mailgate.core.store.NotFoundException;
import io.mailgate.core.store.TenantStore;
import io.mailgate.core.store.TenantTokenStore;
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
 * A tenant's API tokens, managed by the admin only.
 * <pre>
 * POST   /api/v1/tenants/{id}/tokens             {"role":"tenant-master|tenant-user"}  201 {"id","role","token"}
 * GET    /api/v1/tenants/{id}/tokens                                                   200 {"items":[{"id","role","created"}…]}
 * DELETE /api/v1/tenants/{id}/tokens/{tokenId}                                         204
 * </pre>
 * The token itself is in the answer to the POST only; the gateway keeps its hash, not the token.
 */
@Path("/api/v1/tenants/{id}/tokens")
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public final class TenantTokenResource {

    public record NewToken(String role) {
    }

    public record IssuedView(String id, String role, String token) {

        /** Never prints the token, should a record ever be logged. */
        @Override
        public String toString() {
            return "IssuedView[id=" + id + ", role=" + role + "]";
        }
    }

    public record TokenView(String id, String role, String created) {
    }

    private final TenantTokenStore tokens;
    private final TenantStore tenants;

    @Inject
    TenantTokenResource(TenantTokenStore tokens, TenantStore tenants) {
        this.tokens = tokens;
        this.tenants = tenants;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response issue(@PathParam("id") String id, NewToken body, @Context UriInfo uri) {
        TenantTokenStore.Issued issued = tokens.issue(existing(id), body.role());
        return Response.created(uri.getAbsolutePathBuilder().path(issued.token().id()).build())
                .header("Cache-Control", "no-store")
                .entity(new IssuedView(issued.token().id(), issued.token().role(), issued.secret())).build();
    }

    @GET
    public Items<TokenView> list(@PathParam("id") String id) {
        return new Items<>(tokens.list(existing(id)).stream()
                .map(token -> new TokenView(token.id(), token.role(), token.created().toString())).toList());
    }

    @DELETE
    @Path("{tokenId}")
    public Response revoke(@PathParam("id") String id, @PathParam("tokenId") String tokenId) {
        if (!tokens.revoke(existing(id), tokenId)) {
            throw new NotFoundException("tenant " + id + " has no token '" + tokenId + "'");
        }
        return Response.noContent().build();
    }

    private String existing(String id) {
        return tenants.tenant(id).orElseThrow(() -> new NotFoundException("there is no tenant with id '" + id + "'")).id();
    }
}
