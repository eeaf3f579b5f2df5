package io.mailgate.core.admin;

import java.util.List;

import io.mailgate.api.FooterTemplates.Template;
import io.mailgate.core.store.FooterTemplateStore;
import io.mailgate.core.store.InvalidInputException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A tenant's footer templates (REQ-1, REQ-4, REQ-5), per resource (empty: all the tenant's resources)
 * and language.
 * <pre>
 * GET    /api/v1/tenants/{id}/footer-templates                                200 [template…]
 * PUT    /api/v1/tenants/{id}/footer-templates  {"resource","language","text","html","consent"}  200 template
 * DELETE /api/v1/tenants/{id}/footer-templates?resource=&amp;language=           204
 * </pre>
 * {@code text} and {@code html} use {@code {{company}} {{address}} {{registration}} {{phone}} {{contact}}
 * {{identity}} {{unsubscribe_url}} {{consent}} {{list}}}; both must hold {@code {{unsubscribe_url}}} and the
 * identity ({@code {{identity}}} or its five parts), else 422 names what is missing. The admin and the
 * tenant's master token write; user tokens read.
 */
@Path("/api/v1/tenants/{id}/footer-templates")
@RolesAllowed({Role.ADMIN_NAME, Role.TENANT_MASTER_NAME})
@Produces(MediaType.APPLICATION_JSON)
public final class FooterTemplateResource {

    /** A template as the API reads and writes it. */
    public record TemplateView(String resource, String language, String text, String html, String consent, String updated) {

        static TemplateView of(FooterTemplateStore.Stored stored) {
            return new TemplateView(stored.resource(), stored.language(), stored.template().text(), stored.template().html(),
                    stored.template().consent(), stored.updated().toString());
        }
    }

    private final FooterTemplateStore templates;

    @Inject
    FooterTemplateResource(FooterTemplateStore templates) {
        this.templates = templates;
    }

    @GET
    @RolesAllowed({Role.ADMIN_NAME, Role.TENANT_MASTER_NAME, Role.TENANT_USER_NAME})
    public List<TemplateView> list(@PathParam("id") String id) {
        return templates.list(id).stream().map(TemplateView::of).toList();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public TemplateView put(@PathParam("id") String id, TemplateView body) {
        if (body == null) {
            throw new InvalidInputException("a template is required: {\"resource\",\"language\",\"text\",\"html\",\"consent\"}");
        }
        return TemplateView.of(templates.put(id, body.resource(), body.language(),
                new Template(body.text(), body.html(), body.consent())));
    }

    @DELETE
    public Response delete(@PathParam("id") String id, @QueryParam("resource") String resource,
                           @QueryParam("language") String language) {
        templates.delete(id, resource, language);
        return Response.noContent().build();
    }
}
