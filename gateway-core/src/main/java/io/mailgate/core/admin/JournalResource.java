package io.mailgate.core.admin;

import java.util.List;
import java.util.Locale;

import io.mailgate.api.DecisionJournal.Entry;
import io.mailgate.core.store.JournalStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The decision journal, newest first.
 * <pre>
 * GET /api/v1/journal?tenant=&amp;message=&amp;recipient=&amp;cursor=&amp;limit=
 *     200 {"items":[entry…],"nextCursor":"…" or null}
 * </pre>
 * Every filter is optional and matches exactly. {@code limit} is 1 to 1000 (default 100). To read
 * the next page, send the same filters with {@code cursor} set to the {@code nextCursor} of the page
 * before; it is null on the last page. An entry is {@code {"id","time","messageId","tenantId",
 * "recipient","stage","verdict","policyId","reason"}}, verdict one of {@code accept},
 * {@code skip-recipient}, {@code reject}, {@code quarantine}, {@code defer}. Entries are written a
 * fraction of a second after the decision.
 */
@Path("/api/v1/journal")
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public final class JournalResource {

    static final int DEFAULT_LIMIT = 100;

    public record EntryView(String id, String time, String messageId, String tenantId, String recipient, String stage,
                            String verdict, String policyId, String reason) {

        static EntryView of(JournalStore.StoredEntry stored) {
            Entry entry = stored.entry();
            return new EntryView(Long.toString(stored.id()), entry.time().toString(), entry.messageId(), entry.tenantId(),
                    entry.recipient(), entry.stage(),
                    entry.verdict() == null ? "" : entry.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    entry.policyId(), entry.reason());
        }
    }

    public record JournalPage(List<EntryView> items, String nextCursor) {
    }

    private final JournalStore journal;

    @Inject
    JournalResource(JournalStore journal) {
        this.journal = journal;
    }

    @GET
    public JournalPage query(@QueryParam("tenant") String tenant, @QueryParam("message") String message,
                             @QueryParam("recipient") String recipient, @QueryParam("cursor") String cursor,
                             @QueryParam("limit") String limit) {
        JournalStore.Page page = journal.query(new JournalStore.Filter(tenant, message, recipient), cursor, parseLimit(limit));
        return new JournalPage(page.entries().stream().map(EntryView::of).toList(), page.nextCursor().orElse(null));
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            throw ApiException.malformed("limit must be a whole number from 1 to " + JournalStore.MAX_LIMIT + ", not '" + limit + "'");
        }
    }
}
