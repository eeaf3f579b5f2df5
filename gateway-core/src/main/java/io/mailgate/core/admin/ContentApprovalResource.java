package io.mailgate.core.admin;

import java.util.List;

import io.mailgate.api.ContentRuleStore;
import io.mailgate.api.ContentRules;
import io.mailgate.core.osgi.PluginContentRules;
import io.mailgate.core.store.InvalidInputException;
import io.mailgate.core.store.NotFoundException;
import io.mailgate.core.store.TenantStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * A tenant's approvals for high-risk topics (POLICY.md CON-2): the tenant's messages on an approved
 * topic pass, others are quarantined. Admins only; every change is audited.
 * <pre>
 * GET    /api/v1/tenants/{id}/content-approvals              200 {"items":["gambling",…]}
 * PUT    /api/v1/tenants/{id}/content-approvals/{category}   204
 * DELETE /api/v1/tenants/{id}/content-approvals/{category}   204 (404 if it was not approved)
 * </pre>
 */
@Path("/api/v1/tenants/{id}/content-approvals")
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public final class ContentApprovalResource {

    private final ContentRuleStore store;
    private final TenantStore tenants;
    private final PluginContentRules plugin;

    @Inject
    ContentApprovalResource(ContentRuleStore store, TenantStore tenants, PluginContentRules plugin) {
        this.store = store;
        this.tenants = tenants;
        this.plugin = plugin;
    }

    @GET
    public Items<String> list(@PathParam("id") String id) {
        return new Items<>(store.approvals(existing(id)).stream().sorted().toList());
    }

    @PUT
    @Path("{category}")
    public Response approve(@PathParam("id") String id, @PathParam("category") String category, @Context SecurityContext caller) {
        store.approve(existing(id), highRisk(category), ContentRuleResource.actor(caller));
        return Response.noContent().build();
    }

    @DELETE
    @Path("{category}")
    public Response revoke(@PathParam("id") String id, @PathParam("category") String category, @Context SecurityContext caller) {
        if (!store.revoke(existing(id), category, ContentRuleResource.actor(caller))) {
            throw new NotFoundException("tenant '" + id + "' is not approved for '" + category + "'");
        }
        return Response.noContent().build();
    }

    private String highRisk(String category) {
        List<ContentRules.Category> categories = plugin.current().map(ContentRules::categories)
                .orElseThrow(() -> new ApiException(ProblemType.UNAVAILABLE,
                        "content screening (plugins/content-screening) is not running; try again later"));
        List<String> allowed = categories.stream().filter(c -> c.policy().equals("CON-2")).map(ContentRules.Category::id).toList();
        if (!allowed.contains(category)) {
            throw new InvalidInputException("'" + category + "' is not a high-risk (CON-2) category: " + allowed);
        }
        return category;
    }

    private String existing(String id) {
        return tenants.tenant(id).orElseThrow(() -> new NotFoundException("there is no tenant with id '" + id + "'")).id();
    }
}
