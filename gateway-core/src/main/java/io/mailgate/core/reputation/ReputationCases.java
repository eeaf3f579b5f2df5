package io.mailgate.core.reputation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.api.DecisionJournal;
import io.mailgate.api.TenantDirectory.Status;
import io.mailgate.api.Verdict;
import io.mailgate.core.store.ConflictException;
import io.mailgate.core.store.Database;
import io.mailgate.core.store.InvalidInputException;
import io.mailgate.core.store.NotFoundException;
import io.mailgate.core.store.StoreException;
import io.mailgate.core.store.TenantRecord;
import io.mailgate.core.store.TenantStore;

/**
 * Violation cases and their escalation (POLICY.md REP-1 … REP-4). A violation (a blocklisted
 * sending domain, a crossed REP-2 threshold) opens a case: a <em>warning</em> with its deadlines
 * (explain within 3 days, fix within 14) and at once a <em>suspension</em>, since REP-1 and REP-2
 * both block. The case ends when an admin lifts the suspension with a note; a case not explained
 * in time, or not lifted in time, ends in <em>disable</em>; a violation within the repeat period
 * of an earlier case disables at once. Every step goes to the decision journal (stage
 * {@code reputation}) and to the tenant, by {@link TenantNotices}.
 */
public final class ReputationCases {

    /** The REP-4 timings. */
    public record Deadlines(Duration explainWithin, Duration fixWithin, Duration repeatPeriod) {
        public static final Deadlines POLICY = new Deadlines(Duration.ofDays(3), Duration.ofDays(14), Duration.ofDays(90));
    }

    /** One case; {@code outcome} is {@code open}, {@code lifted} or {@code disabled}. */
    public record Case(long id, String tenantId, String policyId, String reason, Instant openedAt, Instant explainBy,
                       Instant fixBy, Instant explainedAt, String explanation, Instant closedAt, String outcome) {
        public boolean open() {
            return outcome.equals(OPEN);
        }
    }

    static final String OPEN = "open";
    static final String LIFTED = "lifted";
    static final String DISABLED = "disabled";
    static final String STAGE = "reputation";
    private static final int MAX_TEXT = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ReputationCases.class);

    private final Database database;
    private final TenantStore tenants;
    private final DecisionJournal journal;
    private final TenantNotices notices;
    private final Deadlines deadlines;
    private final Clock clock;

    public ReputationCases(Database database, TenantStore tenants, DecisionJournal journal, TenantNotices notices,
                           Deadlines deadlines, Clock clock) {
        this.database = database;
        this.tenants = tenants;
        this.journal = journal;
        this.notices = notices;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    /**
     * A violation by the tenant: opens a case (warning and suspension), or disables the tenant for a
     * repeat. While a case is open, a further violation is journaled only: the tenant is blocked already.
     */
    public synchronized void violation(String tenantId, String policyId, String reason) {
        Optional<TenantRecord> tenant = tenants.tenant(tenantId);
        if (tenant.isEmpty() || tenant.get().status() == Status.DISABLED) {
            return;
        }
        Instant now = clock.instant();
        List<Case> history = cases(tenantId);
        Optional<Case> open = history.stream().filter(Case::open).findFirst();
        if (open.isPresent()) {
            record(tenantId, Verdict.Kind.REJECT, policyId, "case " + open.get().id() + ", further violation: " + reason);
            return;
        }
        Optional<Case> recent = history.stream()
                .filter(c -> c.openedAt().isAfter(now.minus(deadlines.repeatPeriod()))).findFirst();
        if (recent.isPresent()) {
            long id = insert(tenantId, policyId, reason, now, DISABLED);
            disable(tenantId, id, "repeat violation within " + days(deadlines.repeatPeriod()) + " of case "
                    + recent.get().id() + ": " + reason);
            return;
        }
        long id = insert(tenantId, policyId, reason, now, OPEN);
        Instant explainBy = now.plus(deadlines.explainWithin());
        Instant fixBy = now.plus(deadlines.fixWithin());
        String deadlinesText = "explain by " + explainBy.truncatedTo(ChronoUnit.MINUTES) + ", fix by "
                + fixBy.truncatedTo(ChronoUnit.MINUTES);
        record(tenantId, Verdict.Kind.ACCEPT, "REP-4", "case " + id + " warning: " + reason + "; " + deadlinesText);
        tenants.setStatus(tenantId, Status.SUSPENDED, clip(reason + " (case " + id + "; " + deadlinesText + ")"));
        record(tenantId, Verdict.Kind.REJECT, policyId, "case " + id + " suspension: " + reason);
        notices.tell(tenantId, "Sending suspended: " + reason,
                "Your sending through this gateway is suspended (case " + id + "):\n\n  " + reason + "\n\n"
                        + "Explain the cause to the gateway's administrators by " + explainBy
                        + " and fix it by " + fixBy + "; otherwise the account is disabled.\n"
                        + "Only an administrator can lift the suspension.\n");
    }

    /** The tenant's explanation for its open case. */
    public synchronized Case explain(String tenantId, String text) {
        Case open = openCase(tenantId).orElseThrow(
                () -> new NotFoundException("tenant '" + tenantId + "' has no open reputation case to explain"));
        String explanation = checkText(text, "an explanation");
        update(open.id(), "UPDATE reputation_case SET explained_at = ?, explanation = ? WHERE id = ?",
                clock.instant(), explanation);
        record(tenantId, Verdict.Kind.ACCEPT, "REP-4", "case " + open.id() + " explanation: " + explanation);
        return find(open.id());
    }

    /** An admin lifts the suspension, with a note: the open case ends, the tenant is active again. */
    public synchronized Case lift(String tenantId, String note) {
        TenantRecord tenant = tenants.tenant(tenantId)
                .orElseThrow(() -> new NotFoundException("there is no tenant '" + tenantId + "'"));
        String text = checkText(note, "a note");
        if (tenant.status() != Status.SUSPENDED) {
            throw new ConflictException("tenant '" + tenantId + "' is " + tenant.status().name().toLowerCase()
                    + ", not suspended: there is nothing to lift");
        }
        Optional<Case> open = openCase(tenantId);
        open.ifPresent(c -> close(c.id(), LIFTED));
        tenants.setStatus(tenantId, Status.ACTIVE, "");
        record(tenantId, Verdict.Kind.ACCEPT, "REP-3", open.map(c -> "case " + c.id() + " ").orElse("")
                + "suspension lifted by an admin: " + text);
        notices.tell(tenantId, "Sending resumed", "An administrator lifted the suspension of your sending:\n\n  " + text + "\n");
        return open.map(c -> find(c.id())).orElse(null);
    }

    /** Applies the deadlines that have passed (run every minute, and by tests with their clock). */
    public synchronized void tick() {
        Instant now = clock.instant();
        for (Case c : openCases()) {
            Optional<TenantRecord> tenant = tenants.tenant(c.tenantId());
            if (tenant.isEmpty()) {
                continue;
            }
            if (tenant.get().status() == Status.ACTIVE) {
                // lifted some other way (PATCH /tenants): the case ends with it
                close(c.id(), LIFTED);
                record(c.tenantId(), Verdict.Kind.ACCEPT, "REP-3", "case " + c.id() + " ended: the tenant was set active");
            } else if (c.explainedAt() == null && !now.isBefore(c.explainBy())) {
                close(c.id(), DISABLED);
                disable(c.tenantId(), c.id(), "no explanation within " + days(deadlines.explainWithin()) + " of " + c.reason());
            } else if (!now.isBefore(c.fixBy())) {
                close(c.id(), DISABLED);
                disable(c.tenantId(), c.id(), "not fixed within " + days(deadlines.fixWithin()) + ": " + c.reason());
            }
        }
    }

    private void disable(String tenantId, long caseId, String why) {
        tenants.setStatus(tenantId, Status.DISABLED, clip(why + " (case " + caseId + ")"));
        record(tenantId, Verdict.Kind.REJECT, "REP-4", "case " + caseId + " disable: " + why);
        notices.tell(tenantId, "Sending disabled", "Your sending through this gateway is disabled (case " + caseId + "):\n\n  "
                + why + "\n\nContact the gateway's administrators.\n");
    }

    private void record(String tenantId, Verdict.Kind verdict, String policyId, String reason) {
        LOG.info("tenant {}: {} ({})", tenantId, reason, policyId);
        journal.record(new DecisionJournal.Entry(clock.instant(), "", tenantId, "", STAGE, verdict, policyId, reason));
    }

    public Optional<Case> openCase(String tenantId) {
        return cases(tenantId).stream().filter(Case::open).findFirst();
    }

    /** The tenant's cases, newest first. */
    public List<Case> cases(String tenantId) {
        return select("SELECT * FROM reputation_case WHERE tenant_id = ? ORDER BY id DESC", tenantId);
    }

    private List<Case> openCases() {
        return select("SELECT * FROM reputation_case WHERE outcome = ? ORDER BY id", OPEN);
    }

    private Case find(long id) {
        return select("SELECT * FROM reputation_case WHERE id = ?", id).get(0);
    }

    private long insert(String tenantId, String policyId, String reason, Instant now, String outcome) {
        try (Connection connection = database.connection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO reputation_case (tenant_id, policy_id, reason, opened_at, explain_by, fix_by,
                         explanation, closed_at, outcome) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?)""",
                     Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, tenantId);
            insert.setString(2, policyId);
            insert.setString(3, clip(reason));
            Database.setTime(insert, 4, now);
            Database.setTime(insert, 5, now.plus(deadlines.explainWithin()));
            Database.setTime(insert, 6, now.plus(deadlines.fixWithin()));
            if (outcome.equals(OPEN)) {
                insert.setNull(7, java.sql.Types.TIMESTAMP);
            } else {
                Database.setTime(insert, 7, now);
            }
            insert.setString(8, outcome);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot record a reputation case for tenant " + tenantId, e);
        }
    }

    private void close(long id, String outcome) {
        try (Connection connection = database.connection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE reputation_case SET closed_at = ?, outcome = ? WHERE id = ?")) {
            Database.setTime(update, 1, clock.instant());
            update.setString(2, outcome);
            update.setLong(3, id);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot close reputation case " + id, e);
        }
    }

    private void update(long id, String sql, Instant time, String text) {
        try (Connection connection = database.connection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            Database.setTime(update, 1, time);
            update.setString(2, text);
            update.setLong(3, id);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot update reputation case " + id, e);
        }
    }

    private List<Case> select(String sql, Object parameter) {
        try (Connection connection = database.connection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, parameter);
            List<Case> found = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    found.add(new Case(row.getLong("id"), row.getString("tenant_id"), row.getString("policy_id"),
                            row.getString("reason"), Database.getTime(row, "opened_at"), Database.getTime(row, "explain_by"),
                            Database.getTime(row, "fix_by"), timeOrNull(row, "explained_at"), row.getString("explanation"),
                            timeOrNull(row, "closed_at"), row.getString("outcome")));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new StoreException("cannot read reputation cases", e);
        }
    }

    private static Instant timeOrNull(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column, java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC")));
        return value == null ? null : value.toInstant();
    }

    private static String checkText(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(what + " is required: say what was done and why");
        }
        String trimmed = text.strip().replaceAll("\\s+", " ");
        if (trimmed.length() > MAX_TEXT) {
            throw new InvalidInputException(what + " has at most " + MAX_TEXT + " characters, this one has " + trimmed.length());
        }
        return trimmed;
    }

    private static String clip(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_TEXT ? oneLine : oneLine.substring(0, MAX_TEXT - 1) + "…";
    }

    private static String days(Duration duration) {
        return duration.toDays() + (duration.toDays() == 1 ? " day" : " days");
    }
}
