package io.mailgate.core.admin;

import java.util.List;

import io.mailgate.api.SendingPolicies.Kind;
import io.mailgate.api.SendingPolicies.Policy;
import io.mailgate.api.SendingPolicies.Scope;
import io.mailgate.core.caps.PolicyInput;
import io.mailgate.core.caps.SendingPolicyStore;
import io.mailgate.core.store.NotFoundException;
import io.mailgate.core.store.TenantStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * A tenant's sending policies (frequency caps, POLICY.md CAP-1 … CAP-5).
 * <pre>
 * GET    /api/v1/tenants/{id}/sending-policies                 200 {"items":[policy…]}
 * POST   /api/v1/tenants/{id}/sending-policies       policy    201 policy
 * GET    /api/v1/tenants/{id}/sending-policies/{policyId}      200 policy
 * PUT    /api/v1/tenants/{id}/sending-policies/{policyId}      200 policy (every field replaced)
 * DELETE /api/v1/tenants/{id}/sending-policies/{policyId}      204
 * </pre>
 * A policy is {@code {"id","scope","resource","mailing","kinds","maxMessages","periodDays",
 * "accessGroups","created","updated"}}; what a client sends and its rules: {@link PolicyInput}
 * (422 with the reason when one is broken, 409 when the scope already has a policy). Only the admin
 * and the tenant's master token write (CAP-5); the tenant's user tokens read.
 */
@Path("/api/v1/tenants/{id}/sending-policies")
@RolesAllowed({Role.ADMIN_NAME, Role.TENANT_MASTER_NAME})
@Produces(MediaType.APPLICATION_JSON)
public final class SendingPolicyResource {

    public record PolicyView(String id, String scope, String resource, String mailing, List<String> kinds,
                             Integer maxMessages, Integer periodDays, List<String> accessGroups, String created,
                             String updated) {

        static PolicyView of(SendingPolicyStore.Stored stored) {
            Policy policy = stored.policy();
            return new PolicyView(policy.id(), policy.scope().apiName(),
                    policy.scope() == Scope.RESOURCE ? policy.target() : null,
                    policy.scope() == Scope.MAILING ? policy.target() : null,
                    policy.kinds().stream().sorted().map(Kind::apiName).toList(),
                    policy.limited() ? policy.maxMessages() : null, policy.limited() ? policy.periodDays() : null,
                    policy.accessGroups(), stored.created().toString(), stored.updated().toString());
        }
    }

    private final SendingPolicyStore policies;
    private final TenantStore tenants;

    @Inject
    SendingPolicyResource(SendingPolicyStore policies, TenantStore tenants) {
        this.policies = policies;
        this.tenants = tenants;
    }

    @GET
    @RolesAllowed({Role.ADMIN_NAME, Role.TENANT_MASTER_NAME, Role.TENANT_USER_NAME})
    public Items<PolicyView> list(@PathParam("id") String id) {
        return new Items<>(policies.list(existing(id)).stream().map(PolicyView::of).toList());
    }

    @GET
    @Path("{policyId}")
    @RolesAllowed({Role.ADMIN_NAME, Role.TENANT_MASTER_NAME, Role.TENANT_USER_NAME})
    public PolicyView get(@PathParam("id") String id, @PathParam("policyId") String policyId) {
        return PolicyView.of(policies.get(existing(id), policyId));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("id") String id, PolicyInput body, @Context UriInfo uri) {
        SendingPolicyStore.Stored created = policies.create(existing(id), body);
        return Response.created(uri.getAbsolutePathBuilder().path(created.policy().id()).build())
                .entity(PolicyView.of(created)).build();
    }

    @PUT
    @Path("{policyId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public PolicyView replace(@PathParam("id") String id, @PathParam("policyId") String policyId, PolicyInput body) {
        return PolicyView.of(policies.replace(existing(id), policyId, body));
    }

    @DELETE
    @Path("{policyId}")
    public Response delete(@PathParam("id") String id, @PathParam("policyId") String policyId) {
        policies.delete(existing(id), policyId);
        return Response.noContent().build();
    }

    private String existing(String id) {
        return tenants.tenant(id).orElseThrow(() -> new NotFoundException("there is no tenant with id '" + id + "'")).id();
    }
}
