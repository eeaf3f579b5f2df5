package io.mailgate.core.admin;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.mailgate.api.Suppressions.Entry;
import io.mailgate.api.Suppressions.Reason;
import io.mailgate.core.store.NotFoundException;
import io.mailgate.core.suppression.ReasonNames;
import io.mailgate.core.suppression.SuppressionExport;
import io.mailgate.core.suppression.SuppressionImport;
import io.mailgate.core.suppression.SuppressionStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

/**
 * One family of suppression lists (the gateway-wide lists, or one tenant's): the same routes under
 * {@code /api/v1/suppressions} and {@code /api/v1/tenants/{id}/suppressions}.
 * <pre>
 * GET    …?resource=&amp;reason=&amp;cursor=&amp;limit=     200 {"items":[entry…],"nextCursor"}
 * POST   …  {"address","reason","resource"}          201 entry
 * GET    …/{address}?resource=                       200 entry
 * DELETE …/{address}?resource=                       204
 * POST   …/import?resource=&amp;mode=all-or-nothing|valid-lines   text/csv: address[,reason]
 *        200 {"imported","unchanged","rejectedLines","rejected":[{"line","reason"}]}
 *        422 problem+json with the same counts when broken lines stopped an all-or-nothing import
 * GET    …/export?resource=                           text/csv, streamed
 * </pre>
 * An entry is {@code {"address","reason","policyId","resource","source","time","messageId"}};
 * reasons are {@code unsubscribe, hard-bounce, complaint, trap, role-account, manual}. Without
 * {@code resource}, a write is for the tenant's whole list; a list read shows every scope.
 */
@Produces(MediaType.APPLICATION_JSON)
public abstract class SuppressionListResource {

    public record NewEntry(String address, String reason, String resource) {
    }

    public record EntryView(String address, String reason, String policyId, String resource, String source, String time,
                            String messageId) {
        static EntryView of(Entry entry) {
            return new EntryView(entry.address(), ReasonNames.name(entry.reason()), entry.reason().policyId(), entry.resource(),
                    entry.source(), entry.at().toString(), entry.messageId());
        }
    }

    public record EntryPage(List<EntryView> items, String nextCursor) {
    }

    static final int MAX_LIMIT = 1000;

    private final SuppressionStore store;

    SuppressionListResource(SuppressionStore store) {
        this.store = store;
    }

    /** The tenant whose lists these are ("" for the gateway-wide ones), after checking it exists. */
    abstract String tenantId(UriInfo uri);

    /** The reasons an entry may have on these lists. */
    abstract Set<Reason> reasons();

    @GET
    public EntryPage list(@Context UriInfo uri, @QueryParam("resource") String resource, @QueryParam("reason") String reason,
                          @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        SuppressionStore.Page page = store.list(tenantId(uri), resource(uri, resource, null),
                reason == null ? null : reason(reason), cursor, limit(limit));
        return new EntryPage(page.entries().stream().map(EntryView::of).toList(), page.nextCursor().orElse(null));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(@Context UriInfo uri, NewEntry body) {
        if (body == null || body.address() == null) {
            throw ApiException.malformed("send {\"address\":\"reader@example.org\",\"reason\":\"unsubscribe\"}");
        }
        String tenantId = tenantId(uri);
        String resource = resource(uri, body.resource(), "");
        Reason reason = body.reason() == null ? Reason.MANUAL : reason(body.reason());
        store.add(new Entry(tenantId, resource, body.address(), reason, "rest", null, ""));
        Entry saved = store.get(tenantId, resource, body.address()).orElseThrow();
        return Response.created(uri.getAbsolutePathBuilder().path(saved.address()).build()).entity(EntryView.of(saved)).build();
    }

    @GET
    @Path("{address}")
    public EntryView get(@Context UriInfo uri, @PathParam("address") String address, @QueryParam("resource") String resource) {
        String tenantId = tenantId(uri);
        return store.get(tenantId, resource(uri, resource, ""), address).map(EntryView::of)
                .orElseThrow(() -> new NotFoundException(address + " is not on this list"));
    }

    @DELETE
    @Path("{address}")
    public Response remove(@Context UriInfo uri, @PathParam("address") String address, @QueryParam("resource") String resource) {
        if (!store.remove(tenantId(uri), resource(uri, resource, ""), address)) {
            throw new NotFoundException(address + " is not on this list");
        }
        return Response.noContent().build();
    }

    @POST
    @Path("import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    public Response importCsv(@Context UriInfo uri, @QueryParam("resource") String resource, @QueryParam("mode") String mode,
                              InputStream body) {
        boolean allOrNothing = switch (mode == null ? "all-or-nothing" : mode) {
            case "all-or-nothing" -> true;
            case "valid-lines" -> false;
            default -> throw ApiException.malformed("mode is all-or-nothing (the default) or valid-lines, not '" + mode + "'");
        };
        String tenantId = tenantId(uri);
        SuppressionImport.Result result = new SuppressionImport(store, reasons()).run(tenantId, resource(uri, resource, ""),
                new InputStreamReader(body, StandardCharsets.UTF_8), allOrNothing, "import");
        Map<String, Object> answer = new LinkedHashMap<>();
        if (!result.applied()) {
            Problem problem = Problem.of(ProblemType.INVALID_INPUT, result.rejectedLines()
                    + " line(s) cannot be imported, so nothing was (mode all-or-nothing); fix them or send ?mode=valid-lines");
            answer.put("type", problem.type());
            answer.put("title", problem.title());
            answer.put("status", problem.status());
            answer.put("detail", problem.detail());
            answer.put("instance", problem.instance());
        }
        answer.put("imported", result.imported());
        answer.put("unchanged", result.unchanged());
        answer.put("rejectedLines", result.rejectedLines());
        answer.put("rejected", result.rejected());
        return result.applied() ? Response.ok(answer).build()
                : Response.status(422).type(Problem.MEDIA_TYPE).entity(answer).build();
    }

    @GET
    @Path("export")
    @Produces("text/csv")
    public Response exportCsv(@Context UriInfo uri, @QueryParam("resource") String resource) {
        String tenantId = tenantId(uri);
        String scope = resource(uri, resource, null);
        StreamingOutput csv = output -> SuppressionExport.write(store, tenantId, scope,
                new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 1 << 16));
        return Response.ok(csv, "text/csv; charset=utf-8").build();
    }

    private String resource(UriInfo uri, String resource, String absent) {
        if (resource == null) {
            return absent;
        }
        if (tenantId(uri).isEmpty() && !resource.isEmpty()) {
            throw ApiException.malformed("the gateway-wide lists have no resources; resource is for a tenant's lists");
        }
        if (resource.length() > 200) {
            throw new io.mailgate.core.store.InvalidInputException("a resource name has at most 200 characters");
        }
        return resource.strip();
    }

    private Reason reason(String name) {
        return ReasonNames.parse(name, reasons());
    }

    private static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return 100;
        }
        try {
            int value = Integer.parseInt(limit.strip());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw ApiException.malformed("limit must be a whole number from 1 to " + MAX_LIMIT + ", not '" + limit + "'");
    }
}
