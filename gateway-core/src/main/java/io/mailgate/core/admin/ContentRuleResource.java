package io.mailgate.core.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import io.mailgate.api.ContentRuleStore;
import io.mailgate.api.ContentRules;
import io.mailgate.api.ContentRules.Rule;
import io.mailgate.core.osgi.PluginContentRules;
import io.mailgate.core.store.InvalidInputException;
import io.mailgate.core.store.NotFoundException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

/**
 * Content screening's rules (POLICY.md CON-6), for admins. Every change is checked by the plugin
 * (the query must parse), audited, and seen by the next message.
 * <pre>
 * GET    /api/v1/content-rules                 200 {"items":[rule…]}
 * POST   /api/v1/content-rules         rule    201 rule (409 if the id exists)
 * GET    /api/v1/content-rules/{id}            200 rule
 * PUT    /api/v1/content-rules/{id}    rule    200 rule (created or replaced)
 * DELETE /api/v1/content-rules/{id}            204
 * GET    /api/v1/content-rules/export          200 [rule…] (the format of conf/content-rules.json)
 * POST   /api/v1/content-rules/import  [rule…] 200 {"items":[rule…]} (replaces every rule; all or nothing)
 * POST   /api/v1/content-rules/test?tenant=    message/rfc822 → 200 {"verdict","findings","tags","hiddenChars","problems"}
 * GET    /api/v1/content-rules/categories      200 {"items":[{"id","policy","label"}…]}
 * GET    /api/v1/content-rules/changes?limit=  200 {"items":[{"id","time","actor","subject","before","after"}…]}
 * </pre>
 * A rule is {@code {"id","category","languages","query","fields","action","mode","note"}}; see
 * {@link Rule}. While the plugin is not running the routes answer 503.
 */
@Path("/api/v1/content-rules")
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public final class ContentRuleResource {

    /** A test message may be as large as a message the gateway takes. */
    static final int MAX_TEST_MESSAGE = 64 * 1024 * 1024;

    private final PluginContentRules plugin;
    private final ContentRuleStore store;

    @Inject
    ContentRuleResource(PluginContentRules plugin, ContentRuleStore store) {
        this.plugin = plugin;
        this.store = store;
    }

    @GET
    public Items<Rule> list() {
        return new Items<>(rules().list());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Rule body, @Context SecurityContext caller, @Context UriInfo uri) {
        if (body != null && body.id() != null && rules().get(body.id()).isPresent()) {
            throw new io.mailgate.core.store.ConflictException("rule '" + body.id() + "' exists: PUT it to change it");
        }
        Rule created = checked(() -> rules().put(body, actor(caller)));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @GET
    @Path("{id}")
    public Rule get(@PathParam("id") String id) {
        return rules().get(id).orElseThrow(() -> new NotFoundException("there is no content rule '" + id + "'"));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Rule put(@PathParam("id") String id, Rule body, @Context SecurityContext caller) {
        if (body == null) {
            throw ApiException.malformed("a rule is required: {\"category\",\"query\", …}");
        }
        if (body.id() != null && !body.id().isEmpty() && !body.id().equals(id)) {
            throw new InvalidInputException("the rule's id '" + body.id() + "' is not the id in the path '" + id + "'");
        }
        Rule rule = new Rule(id, body.category(), body.languages(), body.query(), body.fields(), body.action(), body.mode(),
                body.note());
        return checked(() -> rules().put(rule, actor(caller)));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context SecurityContext caller) {
        if (!rules().delete(id, actor(caller))) {
            throw new NotFoundException("there is no content rule '" + id + "'");
        }
        return Response.noContent().build();
    }

    @GET
    @Path("export")
    public Response export() {
        return Response.ok(rules().list()).header("Content-Disposition", "attachment; filename=\"content-rules.json\"").build();
    }

    @POST
    @Path("import")
    @Consumes(MediaType.APPLICATION_JSON)
    public Items<Rule> importAll(List<Rule> body, @Context SecurityContext caller) {
        if (body == null) {
            throw ApiException.malformed("a JSON array of rules is required");
        }
        return new Items<>(checked(() -> rules().replaceAll(body, actor(caller))));
    }

    @POST
    @Path("test")
    @Consumes("message/rfc822")
    public ContentRules.Screening test(InputStream body, @QueryParam("tenant") @DefaultValue("") String tenant) {
        MimeMessage message;
        try {
            byte[] raw = body.readNBytes(MAX_TEST_MESSAGE + 1);
            if (raw.length > MAX_TEST_MESSAGE) {
                throw new InvalidInputException("the message is larger than " + MAX_TEST_MESSAGE + " bytes");
            }
            if (raw.length == 0) {
                throw ApiException.malformed("a message (message/rfc822) is required");
            }
            message = new MimeMessage(Session.getInstance(new Properties()), new java.io.ByteArrayInputStream(raw));
        } catch (IOException | MessagingException e) {
            throw ApiException.malformed("the message cannot be read: " + e.getMessage());
        }
        return checked(() -> rules().test(message, tenant));
    }

    @GET
    @Path("categories")
    public Items<ContentRules.Category> categories() {
        return new Items<>(rules().categories());
    }

    @GET
    @Path("changes")
    public Items<ChangeView> changes(@QueryParam("limit") @DefaultValue("100") int limit) {
        return new Items<>(store.changes("", limit).stream().map(ChangeView::of).toList());
    }

    /** One audited change; {@code before} and {@code after} are the JSON of the value, "" for none. */
    public record ChangeView(long id, String time, String actor, String subject, String before, String after) {

        static ChangeView of(ContentRuleStore.Change change) {
            return new ChangeView(change.id(), change.time().toString(), change.actor(), change.subject(), change.before(),
                    change.after());
        }
    }

    private ContentRules rules() {
        return plugin.current().orElseThrow(() -> new ApiException(ProblemType.UNAVAILABLE,
                "content screening (plugins/content-screening) is not running; try again later"));
    }

    static String actor(SecurityContext caller) {
        return caller.getUserPrincipal() == null ? "unknown" : caller.getUserPrincipal().getName();
    }

    private interface Call<T> {
        T run();
    }

    /** The plugin's refusals as problems: an invalid rule is 422, a screener not yet configured 503. */
    private static <T> T checked(Call<T> call) {
        try {
            return call.run();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(ProblemType.UNAVAILABLE, e.getMessage());
        }
    }
}
