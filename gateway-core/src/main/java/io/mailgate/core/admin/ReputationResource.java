package io.mailgate.core.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.mailgate.core.reputation.BulkSenderReadiness;
import io.mailgate.core.reputation.Figures;
import io.mailgate.core.reputation.ProviderGroups;
import io.mailgate.core.reputation.ReputationCases;
import io.mailgate.core.reputation.ReputationEvent;
import io.mailgate.core.reputation.ReputationService;
import io.mailgate.core.store.InvalidInputException;
import io.mailgate.core.store.NotFoundException;
import io.mailgate.core.store.TenantRecord;
import io.mailgate.core.store.TenantStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A tenant's reputation (POLICY.md REP-2 … REP-4) and its bulk-sender readiness.
 * <pre>
 * GET  /api/v1/tenants/{id}/reputation                           200 figures, status, cases
 * POST /api/v1/tenants/{id}/reputation/explanation {"text"}      200 case (the tenant's answer to its open case)
 * POST /api/v1/tenants/{id}/reputation/lift        {"note"}      200 case (admin only: ends the suspension)
 * GET  /api/v1/tenants/{id}/readiness                            200 bulk-sender readiness report
 * </pre>
 * Figures cover the rolling window ({@code reputation.window}); {@code providers} splits them by
 * mailbox provider group. The admin and the tenant's master token write an explanation; only the
 * admin lifts a suspension.
 */
@Path("/api/v1/tenants/{id}")
@RolesAllowed({Role.ADMIN_NAME, Role.TENANT_MASTER_NAME, Role.TENANT_USER_NAME})
@Produces(MediaType.APPLICATION_JSON)
public final class ReputationResource {

    public record Counts(long delivered, long hardBounces, long complaints, long invalidAddresses, long unsubscribes,
                         long providerBlocks) {
        static Counts of(Figures figures, int group) {
            return new Counts(figures.of(group, ReputationEvent.DELIVERED), figures.of(group, ReputationEvent.HARD_BOUNCE),
                    figures.of(group, ReputationEvent.COMPLAINT), figures.of(group, ReputationEvent.INVALID_ADDRESS),
                    figures.of(group, ReputationEvent.UNSUBSCRIBE), figures.of(group, ReputationEvent.PROVIDER_BLOCK));
        }
    }

    /** Percent of delivered. */
    public record Rates(double complaints, double hardBounces, double invalidAddresses, double unsubscribes) {
    }

    public record CaseView(long id, String policy, String reason, String opened, String explainBy, String fixBy,
                           String explained, String explanation, String closed, String outcome) {
        static CaseView of(ReputationCases.Case c) {
            return new CaseView(c.id(), c.policyId(), c.reason(), c.openedAt().toString(), c.explainBy().toString(),
                    c.fixBy().toString(), text(c.explainedAt()), c.explanation(), text(c.closedAt()), c.outcome());
        }

        private static String text(Object value) {
            return value == null ? null : value.toString();
        }
    }

    public record ReputationView(String tenant, String status, String reason, Counts totals, Rates rates,
                                 Map<String, Counts> providers, boolean minimumVolumeReached, List<CaseView> cases) {
    }

    public record Explanation(String text) {
    }

    public record Note(String note) {
    }

    private final TenantStore tenants;
    private final ReputationService reputation;
    private final ReputationCases cases;
    private final BulkSenderReadiness readiness;

    @Inject
    ReputationResource(TenantStore tenants, ReputationService reputation, ReputationCases cases,
                       BulkSenderReadiness readiness) {
        this.tenants = tenants;
        this.reputation = reputation;
        this.cases = cases;
        this.readiness = readiness;
    }

    @GET
    @Path("reputation")
    public ReputationView get(@PathParam("id") String id) {
        TenantRecord tenant = tenant(id);
        Figures figures = reputation.figures(id);
        ProviderGroups groups = reputation.groups();
        long[] sums = new long[ReputationEvent.values().length];
        Map<String, Counts> providers = new TreeMap<>();
        for (int g = 0; g < groups.size(); g++) {
            Counts counts = Counts.of(figures, g);
            if (counts.delivered() + counts.hardBounces() + counts.complaints() + counts.unsubscribes() + counts.providerBlocks() > 0) {
                providers.put(groups.name(g), counts);
            }
        }
        for (ReputationEvent event : ReputationEvent.values()) {
            sums[event.ordinal()] = figures.total(event);
        }
        Counts totals = new Counts(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5]);
        Rates rates = new Rates(figures.percentOfDelivered(ReputationEvent.COMPLAINT),
                figures.percentOfDelivered(ReputationEvent.HARD_BOUNCE),
                figures.percentOfDelivered(ReputationEvent.INVALID_ADDRESS),
                figures.percentOfDelivered(ReputationEvent.UNSUBSCRIBE));
        List<CaseView> caseViews = new ArrayList<>();
        cases.cases(id).forEach(c -> caseViews.add(CaseView.of(c)));
        return new ReputationView(id, tenant.status().name().toLowerCase(java.util.Locale.ROOT), tenant.statusReason(),
                totals, rates, providers, totals.delivered() >= reputation.thresholds().minDelivered(), caseViews);
    }

    @POST
    @Path("reputation/explanation")
    @RolesAllowed({Role.ADMIN_NAME, Role.TENANT_MASTER_NAME})
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseView explain(@PathParam("id") String id, Explanation body) {
        tenant(id);
        if (body == null) {
            throw new InvalidInputException("send {\"text\": \"what happened and what was done about it\"}");
        }
        return CaseView.of(cases.explain(id, body.text()));
    }

    @POST
    @Path("reputation/lift")
    @RolesAllowed(Role.ADMIN_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    public CaseView lift(@PathParam("id") String id, Note body) {
        tenant(id);
        if (body == null) {
            throw new InvalidInputException("send {\"note\": \"why the suspension ends\"}");
        }
        ReputationCases.Case lifted = reputation.lift(id, body.note());
        return lifted == null ? null : CaseView.of(lifted);
    }

    @GET
    @Path("readiness")
    public BulkSenderReadiness.Report readiness(@PathParam("id") String id) {
        tenant(id);
        return readiness.of(id);
    }

    private TenantRecord tenant(String id) {
        return tenants.tenant(id).orElseThrow(() -> new NotFoundException("there is no tenant with id '" + id + "'"));
    }
}
