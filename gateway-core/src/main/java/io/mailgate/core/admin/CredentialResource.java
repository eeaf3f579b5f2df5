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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * A tenant's SMTP logins.
 * <pre>
 * POST   /api/v1/tenants/{id}/smtp-credentials             {"username","password"}  201 {"username"}
 * GET    /api/v1/tenants/{id}/smtp-credentials                                      200 {"items":[{"username"}…]}
 * DELETE /api/v1/tenants/{id}/smtp-credentials/{username}                           204
 * </pre>
 * The tenant's own tokens may read (GET); writes are the admin's.
 * Usernames are unique across all tenants (409 when taken). The password needs at least 12
 * characters; it is stored as a PBKDF2 hash and never returned or logged.
 */
@Path("/api/v1/tenants/{id}/smtp-credentials")
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public final class CredentialResource {

    public record NewCredential(String username, String password) {

        /** Never prints the password, should a record ever be logged. */
        @Override
        public String toString() {
            return "NewCredential[username=" + username + "]";
        }
    }

    public record CredentialView(String username) {
    }

    private final TenantStore tenants;

    @Inject
    CredentialResource(TenantStore tenants) {
        this.tenants = tenants;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(@PathParam("id") String id, NewCredential body, @Context UriInfo uri) {
        tenants.addCredential(id, body.username(), body.password());
        return Response.created(uri.getAbsolutePathBuilder().path(body.username()).build())
                .entity(new CredentialView(body.username())).build();
    }

    @GET
    @RolesAllowed({Role.ADMIN_NAME, Role.TENANT_MASTER_NAME, Role.TENANT_USER_NAME})
    public Items<CredentialView> list(@PathParam("id") String id) {
        return new Items<>(tenants.credentials(id).stream().map(CredentialView::new).toList());
    }

    @DELETE
    @Path("{username: .+}")
    public Response remove(@PathParam("id") String id, @PathParam("username") String username) {
        tenants.removeCredential(id, username);
        return Response.noContent().build();
    }
}
