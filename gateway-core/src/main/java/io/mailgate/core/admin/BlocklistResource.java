package io.mailgate.core.admin;

import java.util.List;

import io.mailgate.core.reputation.BlocklistService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Blocklist monitoring for the admins (POLICY.md REP-1).
 * <pre>
 * GET /api/v1/blocklists   200 {"listed":[...], "history":[...], "alerts":[...]}
 * </pre>
 * {@code listed} are the current listings, {@code history} every listing with when it began and
 * ended, {@code alerts} the newest 200 monitor events (refused queries, broken lists, a listed
 * gateway address).
 */
@Path("/api/v1/blocklists")
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public final class BlocklistResource {

    public record ListingView(String list, String kind, String subject, String answer, String text, String listedSince,
                              String delistedAt) {
        static ListingView of(BlocklistService.Listing l) {
            return new ListingView(l.list(), l.kind(), l.subject(), l.answer(), l.text(), l.listedSince().toString(),
                    l.delistedAt() == null ? null : l.delistedAt().toString());
        }
    }

    public record AlertView(String time, String list, String subject, String what) {
    }

    public record Overview(List<ListingView> listed, List<ListingView> history, List<AlertView> alerts) {
    }

    private final BlocklistService blocklists;

    @Inject
    BlocklistResource(BlocklistService blocklists) {
        this.blocklists = blocklists;
    }

    @GET
    public Overview get() {
        return new Overview(blocklists.listings(true).stream().map(ListingView::of).toList(),
                blocklists.listings(false).stream().map(ListingView::of).toList(),
                blocklists.alerts().stream().map(a -> new AlertView(a.time().toString(), a.list(), a.subject(), a.what())).toList());
    }
}
