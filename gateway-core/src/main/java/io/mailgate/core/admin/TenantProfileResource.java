package io.mailgate.core.admin;

import java.util.List;

import io.mailgate.api.TenantProfiles.Profile;
import io.mailgate.core.store.NotFoundException;
import io.mailgate.core.store.TenantProfileStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A tenant's profile, the identity its footers show (POLICY.md REQ-4).
 * <pre>
 * GET /api/v1/tenants/{id}/profile           200 profile (404 before the first PUT)
 * PUT /api/v1/tenants/{id}/profile  profile  200 profile (every field replaced)
 * </pre>
 * A profile is {@code {"company","address","registerName","registrationNumber","phone","contactEmail",
 * "contactUrl","missing","complete","updated"}}; {@code missing} lists what bulk mail still needs. The
 * admin and the tenant's master token write; the tenant's user tokens read.
 */
@Path("/api/v1/tenants/{id}/profile")
@RolesAllowed({Role.ADMIN_NAME, Role.TENANT_MASTER_NAME})
@Produces(MediaType.APPLICATION_JSON)
public final class TenantProfileResource {

    public record ProfileView(String company, String address, String registerName, String registrationNumber,
                              String phone, String contactEmail, String contactUrl, List<String> missing,
                              boolean complete, String updated) {

        static ProfileView of(TenantProfileStore.Stored stored) {
            Profile p = stored.profile();
            return new ProfileView(p.company(), p.address(), p.registerName(), p.registrationNumber(), p.phone(),
                    p.contactEmail(), p.contactUrl(), p.missingFields(), p.complete(), stored.updated().toString());
        }
    }

    private final TenantProfileStore profiles;

    @Inject
    TenantProfileResource(TenantProfileStore profiles) {
        this.profiles = profiles;
    }

    @GET
    @RolesAllowed({Role.ADMIN_NAME, Role.TENANT_MASTER_NAME, Role.TENANT_USER_NAME})
    public ProfileView get(@PathParam("id") String id) {
        return ProfileView.of(profiles.stored(id).orElseThrow(
                () -> new NotFoundException("tenant '" + id + "' has no profile yet: PUT one")));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public ProfileView put(@PathParam("id") String id, Profile body) {
        return ProfileView.of(profiles.put(id, body));
    }
}
