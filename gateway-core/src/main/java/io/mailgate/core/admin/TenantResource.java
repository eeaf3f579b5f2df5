package io.mailgate.core.admin;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.mailgate.api.TenantDirectory.Status;
import io.mailgate.core.store.InvalidInputException;
import io.mailgate.core.store.NotFoundException;
import io.mailgate.core.store.TenantRecord;
import io.mailgate.core.store.TenantStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Tenants.
 * <pre>
 * POST   /api/v1/tenants          {"name"}                         201 tenant
 * GET    /api/v1/tenants                                           200 {"items":[tenant…]}
 * GET    /api/v1/tenants/{id}                                      200 tenant
 * PATCH  /api/v1/tenants/{id}     {"status","reason"} and/or {"name"}  200 tenant
 * DELETE /api/v1/tenants/{id}                                      204 (credentials, networks, domains go too)
 * </pre>
 * A tenant's own tokens may read the tenant; the rest is the admin's.
 * A tenant is {@code {"id","name","status","reason","created","domains"}}; status is {@code active},
 * {@code suspended} or {@code disabled}, and the last two need a reason.
 */
@Path("/api/v1/tenants")
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public final class TenantResource {

    public record NewTenant(String name) {
    }

    public record TenantPatch(String name, String status, String reason) {
    }

    public record TenantView(String id, String name, String status, String reason, String created, List<String> domains) {

        static TenantView of(TenantRecord tenant) {
            return new TenantView(tenant.id(), tenant.name(), tenant.status().name().toLowerCase(Locale.ROOT),
                    tenant.statusReason(), tenant.createdAt().toString(), List.copyOf(tenant.domains()));
        }
    }

    private final TenantStore tenants;

    @Inject
    TenantResource(TenantStore tenants) {
        this.tenants = tenants;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewTenant body, @Context UriInfo uri) {
        TenantRecord tenant = tenants.createTenant(body.name());
        return Response.created(uri.getAbsolutePathBuilder().path(tenant.id()).build())
                .entity(TenantView.of(tenant)).build();
    }

    @GET
    public Items<TenantView> list() {
        return new Items<>(tenants.listTenants().stream().map(TenantView::of).toList());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Role.ADMIN_NAME, Role.TENANT_MASTER_NAME, Role.TENANT_USER_NAME})
    public TenantView get(@PathParam("id") String id) {
        return TenantView.of(tenants.tenant(id).orElseThrow(() -> new NotFoundException("there is no tenant with id '" + id + "'")));
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    public TenantView patch(@PathParam("id") String id, TenantPatch body) {
        if (body.status() == null && body.reason() != null) {
            throw new InvalidInputException("a reason goes with a status: give \"status\" too");
        }
        return TenantView.of(tenants.update(id, Optional.ofNullable(body.name()), parseStatus(body.status()), body.reason()));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        tenants.deleteTenant(id);
        return Response.noContent().build();
    }

    private static Optional<Status> parseStatus(String status) {
        if (status == null) {
            return Optional.empty();
        }
        for (Status candidate : Status.values()) {
            if (candidate.name().equalsIgnoreCase(status.strip())) {
                return Optional.of(candidate);
            }
        }
        throw new InvalidInputException("the status '" + status + "' is not one of active, suspended, disabled");
    }
}
