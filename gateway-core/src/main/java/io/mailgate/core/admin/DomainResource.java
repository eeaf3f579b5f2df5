package io.mailgate.core.admin;

import io.mailgate.core.domains.DomainView;
import io.mailgate.core.domains.SendingDomainService;
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
 * A tenant's sending domains and their onboarding (POLICY AUTH-2 to AUTH-6).
 * <pre>
 * POST   /api/v1/tenants/{id}/domains                          {"domain"}  201 domain
 * GET    /api/v1/tenants/{id}/domains                                      200 {"items":[domain…]}
 * GET    /api/v1/tenants/{id}/domains/{domain}                             200 domain
 * DELETE /api/v1/tenants/{id}/domains/{domain}                             204
 * POST   /api/v1/tenants/{id}/domains/{domain}/verify                      200 domain, re-checked in DNS now
 * PUT    /api/v1/tenants/{id}/domains/{domain}/attestation     {"note"}    200 domain, verified without DNS
 * DELETE /api/v1/tenants/{id}/domains/{domain}/attestation                 200 domain
 * </pre>
 * where domain is {@code {"domain","verified","reason","strictDkimAlignment","attestation":{"note",
 * "attestedAt"}|null,"checkedAt","records":[{"type","name","value","status","reason"}…]}} and a
 * record's status is ok, missing, wrong, warning, temperror or unchecked ({@link DomainView}).
 * The tenant's own tokens may read (GET); writes are the admin's.
 * Domains are stored lower-cased, without a trailing dot, internationalized names in punycode; a
 * public suffix or an invalid name is 422. The work is {@link SendingDomainService}'s.
 */
@Path("/api/v1/tenants/{id}/domains")
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public final class DomainResource {

    public record NewDomain(String domain) {
    }

    public record NewAttestation(String note) {
    }

    private final SendingDomainService domains;

    @Inject
    DomainResource(SendingDomainService domains) {
        this.domains = domains;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(@PathParam("id") String id, NewDomain body, @Context UriInfo uri) {
        if (body == null) {
            throw ApiException.malformed("send a JSON object such as {\"domain\":\"example.com\"}");
        }
        DomainView domain = domains.add(id, body.domain());
        return Response.created(uri.getAbsolutePathBuilder().path(domain.domain()).build()).entity(domain).build();
    }

    @GET
    @RolesAllowed({Role.ADMIN_NAME, Role.TENANT_MASTER_NAME, Role.TENANT_USER_NAME})
    public Items<DomainView> list(@PathParam("id") String id) {
        return new Items<>(domains.list(id));
    }

    @GET
    @RolesAllowed({Role.ADMIN_NAME, Role.TENANT_MASTER_NAME, Role.TENANT_USER_NAME})
    @Path("{domain}")
    public DomainView get(@PathParam("id") String id, @PathParam("domain") String domain) {
        return domains.get(id, domain);
    }

    @DELETE
    @Path("{domain}")
    public Response remove(@PathParam("id") String id, @PathParam("domain") String domain) {
        domains.remove(id, domain);
        return Response.noContent().build();
    }

    @POST
    @Path("{domain}/verify")
    public DomainView verify(@PathParam("id") String id, @PathParam("domain") String domain) {
        return domains.verify(id, domain);
    }

    @PUT
    @Path("{domain}/attestation")
    @Consumes(MediaType.APPLICATION_JSON)
    public DomainView attest(@PathParam("id") String id, @PathParam("domain") String domain, NewAttestation body) {
        if (body == null) {
            throw ApiException.malformed("send a JSON object such as {\"note\":\"internal domain, no public DNS\"}");
        }
        return domains.attest(id, domain, body.note());
    }

    @DELETE
    @Path("{domain}/attestation")
    public DomainView removeAttestation(@PathParam("id") String id, @PathParam("domain") String domain) {
        return domains.removeAttestation(id, domain);
    }
}
