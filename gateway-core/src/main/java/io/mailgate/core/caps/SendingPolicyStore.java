package io.mailgate.core.caps;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.mailgate.api.SendingPolicies.Kind;
import io.mailgate.api.SendingPolicies.Policy;
import io.mailgate.api.SendingPolicies.Scope;
import io.mailgate.core.store.ConflictException;
import io.mailgate.core.store.Database;
import io.mailgate.core.store.NotFoundException;
import io.mailgate.core.store.StoreException;

/**
 * The tenants' sending policies: rows in {@code sending_policy}, and in memory per tenant an
 * immutable map from (scope, target) to policy, replaced whole on every write, so that the stage's
 * lookups never lock. A tenant has at most one policy per scope and target (409 otherwise), which
 * makes "the narrowest policy applies" (CAP-2) a question with one answer.
 */
public final class SendingPolicyStore {

    /** A stored policy with its times, for the API. */
    public record Stored(Policy policy, Instant created, Instant updated) {
    }

    private record TenantPolicies(Map<String, Stored> byScope, Set<Kind> kinds) {
        static final TenantPolicies NONE = new TenantPolicies(Map.of(), Set.of());

        static TenantPolicies of(Map<String, Stored> byScope) {
            Set<Kind> kinds = EnumSet.noneOf(Kind.class);
            byScope.values().forEach(stored -> kinds.addAll(stored.policy().kinds()));
            return new TenantPolicies(Map.copyOf(byScope), Set.copyOf(kinds));
        }
    }

    private final Database database;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, TenantPolicies> byTenant = new ConcurrentHashMap<>();

    public SendingPolicyStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        load();
    }

    /** The policy for exactly this scope and target, from memory. */
    public Optional<Policy> find(String tenantId, Scope scope, String target) {
        Stored stored = byTenant.getOrDefault(tenantId, TenantPolicies.NONE).byScope().get(scopeKey(scope, target));
        return stored == null ? Optional.empty() : Optional.of(stored.policy());
    }

    /** The kinds the tenant's policies use, from memory. */
    public Set<Kind> countedKinds(String tenantId) {
        return byTenant.getOrDefault(tenantId, TenantPolicies.NONE).kinds();
    }

    /** The tenant's policies: account first, then resources, then mailings, by target. */
    public List<Stored> list(String tenantId) {
        return byTenant.getOrDefault(tenantId, TenantPolicies.NONE).byScope().values().stream()
                .sorted(Comparator.comparing((Stored stored) -> stored.policy().scope())
                        .thenComparing(stored -> stored.policy().target()))
                .toList();
    }

    public Stored get(String tenantId, String policyId) {
        return byTenant.getOrDefault(tenantId, TenantPolicies.NONE).byScope().values().stream()
                .filter(stored -> stored.policy().id().equals(policyId))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("tenant " + tenantId + " has no sending policy '" + policyId + "'"));
    }

    public synchronized Stored create(String tenantId, PolicyInput input) {
        Policy policy = input.toPolicy(newId(), tenantId);
        checkFree(tenantId, policy, null);
        Instant now = now();
        write("create the sending policy", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sending_policy (id, tenant_id, scope, "
                    + "target, kinds, max_messages, period_days, access_groups, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, policy.id());
                insert.setString(2, tenantId);
                bindFields(insert, 3, policy);
                Database.setTime(insert, 9, now);
                Database.setTime(insert, 10, now);
                insert.executeUpdate();
            }
            return null;
        });
        return put(new Stored(policy, now, now));
    }

    /** Replaces the policy's fields (its id, tenant and creation time stay). */
    public synchronized Stored replace(String tenantId, String policyId, PolicyInput input) {
        Stored old = get(tenantId, policyId);
        Policy policy = input.toPolicy(policyId, tenantId);
        checkFree(tenantId, policy, policyId);
        Instant now = now();
        write("update the sending policy", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE sending_policy SET scope = ?, target = ?, "
                    + "kinds = ?, max_messages = ?, period_days = ?, access_groups = ?, updated_at = ? WHERE id = ?")) {
                bindFields(update, 1, policy);
                Database.setTime(update, 7, now);
                update.setString(8, policyId);
                update.executeUpdate();
            }
            return null;
        });
        remove(old);
        return put(new Stored(policy, old.created(), now));
    }

    public synchronized void delete(String tenantId, String policyId) {
        Stored old = get(tenantId, policyId);
        write("delete the sending policy", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM sending_policy WHERE id = ?")) {
                delete.setString(1, policyId);
                delete.executeUpdate();
            }
            return null;
        });
        remove(old);
    }

    // ----

    private void checkFree(String tenantId, Policy policy, String exceptId) {
        Stored taken = byTenant.getOrDefault(tenantId, TenantPolicies.NONE).byScope()
                .get(scopeKey(policy.scope(), policy.target()));
        if (taken != null && !taken.policy().id().equals(exceptId)) {
            throw new ConflictException("the " + describe(policy) + " already has a policy (" + taken.policy().id()
                    + "); change that one");
        }
    }

    private static String describe(Policy policy) {
        return policy.scope() == Scope.ACCOUNT ? "account" : policy.scope().apiName() + " '" + policy.target() + "'";
    }

    private Stored put(Stored stored) {
        String tenantId = stored.policy().tenantId();
        Map<String, Stored> copy = new HashMap<>(byTenant.getOrDefault(tenantId, TenantPolicies.NONE).byScope());
        copy.put(scopeKey(stored.policy().scope(), stored.policy().target()), stored);
        byTenant.put(tenantId, TenantPolicies.of(copy));
        return stored;
    }

    private void remove(Stored stored) {
        String tenantId = stored.policy().tenantId();
        Map<String, Stored> copy = new HashMap<>(byTenant.getOrDefault(tenantId, TenantPolicies.NONE).byScope());
        copy.remove(scopeKey(stored.policy().scope(), stored.policy().target()));
        if (copy.isEmpty()) {
            byTenant.remove(tenantId);
        } else {
            byTenant.put(tenantId, TenantPolicies.of(copy));
        }
    }

    private static String scopeKey(Scope scope, String target) {
        return scope.name() + '\u0000' + (target == null ? "" : target);
    }

    private static void bindFields(PreparedStatement statement, int first, Policy policy) throws SQLException {
        statement.setString(first, policy.scope().name());
        statement.setString(first + 1, policy.target());
        statement.setString(first + 2, policy.kinds().stream().map(Kind::name).sorted().collect(Collectors.joining(",")));
        statement.setInt(first + 3, policy.maxMessages());
        statement.setInt(first + 4, policy.periodDays());
        statement.setString(first + 5, String.join(",", policy.accessGroups()));
    }

    private void load() {
        try (Connection connection = database.connection();
             PreparedStatement query = connection.prepareStatement("SELECT id, tenant_id, scope, target, kinds, max_messages, "
                     + "period_days, access_groups, created_at, updated_at FROM sending_policy");
             ResultSet row = query.executeQuery()) {
            while (row.next()) {
                Set<Kind> kinds = EnumSet.noneOf(Kind.class);
                for (String kind : row.getString("kinds").split(",")) {
                    kinds.add(Kind.valueOf(kind));
                }
                String groups = row.getString("access_groups");
                Policy policy = new Policy(row.getString("id"), row.getString("tenant_id"), Scope.valueOf(row.getString("scope")),
                        row.getString("target"), kinds, row.getInt("max_messages"), row.getInt("period_days"),
                        groups.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(groups.split(","))));
                put(new Stored(policy, Database.getTime(row, "created_at"), Database.getTime(row, "updated_at")));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot load the sending policies: " + e.getMessage(), e);
        }
    }

    private void write(String what, Database.Work<Void> work) {
        try {
            database.transaction(work);
        } catch (SQLException e) {
            if ("23503".equals(e.getSQLState())) {
                throw new NotFoundException("there is no such tenant");
            }
            if ("23505".equals(e.getSQLState())) {
                throw new ConflictException("that scope already has a policy");
            }
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private String newId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "p" + HexFormat.of().formatHex(bytes);
    }
}
