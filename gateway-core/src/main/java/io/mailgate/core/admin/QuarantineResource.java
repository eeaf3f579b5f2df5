package io.mailgate.core.admin;

import io.mailgate.core.quarantine.Quarantine;
import io.mailgate.core.store.NotFoundException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The quarantine, for admins: messages a stage held for review (CON-2, CON-4 …).
 * <pre>
 * GET    /api/v1/quarantine?limit=          200 {"items":[{"id","tenant","sender","recipients","subject","reason","stage","received","size"}…]}
 * GET    /api/v1/quarantine/{id}            200 one of them
 * GET    /api/v1/quarantine/{id}/message    200 message/rfc822, as held
 * POST   /api/v1/quarantine/{id}/release    204: continues through the chain after the stage that held it
 * DELETE /api/v1/quarantine/{id}            204
 * </pre>
 */
@Path("/api/v1/quarantine")
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public final class QuarantineResource {

    public record HeldView(String id, String tenant, String sender, java.util.List<String> recipients, String subject,
                           String reason, String stage, String received, long size) {

        static HeldView of(Quarantine.Held held) {
            return new HeldView(held.id(), held.tenant(), held.sender(), held.recipients(), held.subject(), held.reason(),
                    held.stage(), held.received() == null ? "" : held.received().toString(), held.size());
        }
    }

    private final Quarantine quarantine;

    @Inject
    QuarantineResource(Quarantine quarantine) {
        this.quarantine = quarantine;
    }

    @GET
    public Items<HeldView> list(@QueryParam("limit") @DefaultValue("100") int limit) {
        return new Items<>(quarantine.list(Math.max(1, Math.min(limit, 1000))).stream().map(HeldView::of).toList());
    }

    @GET
    @Path("{id}")
    public HeldView get(@PathParam("id") String id) {
        return HeldView.of(quarantine.get(id).orElseThrow(() -> missing(id)));
    }

    @GET
    @Path("{id}/message")
    @Produces("message/rfc822")
    public byte[] message(@PathParam("id") String id) {
        return quarantine.raw(id).orElseThrow(() -> missing(id));
    }

    @POST
    @Path("{id}/release")
    public Response release(@PathParam("id") String id, @Context SecurityContext caller) {
        if (!quarantine.release(id, ContentRuleResource.actor(caller))) {
            throw missing(id);
        }
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context SecurityContext caller) {
        if (!quarantine.delete(id, ContentRuleResource.actor(caller))) {
            throw missing(id);
        }
        return Response.noContent().build();
    }

    private static NotFoundException missing(String id) {
        return new NotFoundException("there is no quarantined message '" + id + "'");
    }
}
