package io.mailgate.core.domains;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.mailgate.core.store.Database;
import io.mailgate.core.store.StoreException;

/**
 * The onboarding columns of {@code sending_domain} and the tables {@code dkim_key} and
 * {@code domain_record_check} (schema migration 3). The domain rows themselves belong to
 * {@link io.mailgate.core.store.TenantStore}: this class adds to them, it never creates or
 * deletes one. Private keys are written sealed by the {@link KeyVault} and opened when read.
 */
final class DomainRepository {

    private final Database database;
    private final KeyVault vault;

    DomainRepository(Database database, KeyVault vault) {
        this.database = database;
        this.vault = vault;
    }

    /** Writes the token and keys of a domain whose row {@code connection} just inserted (or that has none yet). */
    void insertOnboarding(Connection connection, String tenantId, String domain, String token, List<DkimKeyPair> keys)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE sending_domain SET ownership_token = ? WHERE tenant_id = ? AND domain = ?")) {
            update.setString(1, token);
            update.setString(2, tenantId);
            update.setString(3, domain);
            update.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dkim_key (tenant_id, domain, selector,"
                + " algorithm, public_key, private_key_sealed, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (DkimKeyPair key : keys) {
                byte[] pkcs8 = key.privateKey().getEncoded();
                try {
                    insert.setString(1, tenantId);
                    insert.setString(2, domain);
                    insert.setString(3, key.selector());
                    insert.setString(4, key.algorithm().signing);
                    insert.setString(5, key.publicKey());
                    insert.setString(6, vault.seal(pkcs8, sealContext(tenantId, domain, key.selector())));
                    Database.setTime(insert, 7, Instant.now());
                    insert.executeUpdate();
                } finally {
                    Arrays.fill(pkcs8, (byte) 0);
                }
            }
        }
    }

    /** Token and keys for a domain added without them (before migration 3, or through the plain store call). */
    void backfill(String tenantId, String domain, String token, List<DkimKeyPair> keys) {
        write(connection -> {
            insertOnboarding(connection, tenantId, domain, token, keys);
            return null;
        });
    }

    /** Every domain with its onboarding state; a domain without a token yet is left out (it needs a backfill). */
    Map<String, Map<String, DomainState>> loadAll() {
        Map<String, Map<String, DomainState>> byTenant = new HashMap<>();
        try (Connection connection = database.connection()) {
            Map<String, List<DkimKeyPair>> keys = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT tenant_id, domain, selector, algorithm,"
                    + " public_key, private_key_sealed FROM dkim_key ORDER BY tenant_id, domain, algorithm DESC");
                 ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    String tenantId = row.getString(1);
                    String domain = row.getString(2);
                    String selector = row.getString(3);
                    keys.computeIfAbsent(tenantId + " " + domain, k -> new ArrayList<>())
                            .add(openKey(tenantId, domain, selector, row.getString(4), row.getString(5), row.getString(6)));
                }
            }
            Map<String, Map<String, RecordCheck>> checks = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT tenant_id, domain, kind, status, reason FROM domain_record_check");
                 ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    checks.computeIfAbsent(row.getString(1) + " " + row.getString(2), k -> new HashMap<>())
                            .put(row.getString(3), new RecordCheck(row.getString(3), RecordStatus.parse(row.getString(4)),
                                    row.getString(5)));
                }
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT tenant_id, domain, ownership_token, verified,"
                    + " verified_reason, strict_dkim, checked_at, attestation_note, attested_at FROM sending_domain"
                    + " WHERE ownership_token <> ''");
                 ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    String tenantId = row.getString("tenant_id");
                    String domain = row.getString("domain");
                    String note = row.getString("attestation_note");
                    Optional<DomainState.Attestation> attestation = note == null ? Optional.empty()
                            : Optional.of(new DomainState.Attestation(note, Database.getTime(row, "attested_at")));
                    String key = tenantId + " " + domain;
                    byTenant.computeIfAbsent(tenantId, t -> new HashMap<>()).put(domain, new DomainState(tenantId, domain,
                            row.getString("ownership_token"), keys.getOrDefault(key, List.of()), attestation,
                            row.getBoolean("verified"), row.getString("verified_reason"), row.getBoolean("strict_dkim"),
                            row.getTimestamp("checked_at") == null ? null : Database.getTime(row, "checked_at"),
                            checks.getOrDefault(key, Map.of())));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot load the sending domains: " + e.getMessage(), e);
        }
        return byTenant;
    }

    /** Stores a check's outcome; false when the domain is gone (removed while it was being checked). */
    boolean saveVerification(DomainState state) {
        return write(connection -> {
            int updated;
            try (PreparedStatement update = connection.prepareStatement("UPDATE sending_domain SET verified = ?,"
                    + " verified_reason = ?, strict_dkim = ?, checked_at = ? WHERE tenant_id = ? AND domain = ?")) {
                update.setBoolean(1, state.verified());
                update.setString(2, clip(state.reason()));
                update.setBoolean(3, state.strictDkimAlignment());
                Database.setTime(update, 4, state.checkedAt());
                update.setString(5, state.tenantId());
                update.setString(6, state.domain());
                updated = update.executeUpdate();
            }
            if (updated == 0) {
                return false;
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM domain_record_check WHERE tenant_id = ? AND domain = ?")) {
                delete.setString(1, state.tenantId());
                delete.setString(2, state.domain());
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_record_check"
                    + " (tenant_id, domain, kind, status, reason) VALUES (?, ?, ?, ?, ?)")) {
                for (RecordCheck check : state.checks().values()) {
                    insert.setString(1, state.tenantId());
                    insert.setString(2, state.domain());
                    insert.setString(3, check.kind());
                    insert.setString(4, check.status().label());
                    insert.setString(5, clip(check.reason()));
                    insert.executeUpdate();
                }
            }
            return true;
        });
    }

    void saveAttestation(DomainState state) {
        write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE sending_domain SET attestation_note = ?,"
                    + " attested_at = ?, verified = ?, verified_reason = ? WHERE tenant_id = ? AND domain = ?")) {
                update.setString(1, state.attestation().map(DomainState.Attestation::note).orElse(null));
                if (state.attestation().isPresent()) {
                    Database.setTime(update, 2, state.attestation().get().at());
                } else {
                    update.setNull(2, java.sql.Types.TIMESTAMP);
                }
                update.setBoolean(3, state.verified());
                update.setString(4, clip(state.reason()));
                update.setString(5, state.tenantId());
                update.setString(6, state.domain());
                update.executeUpdate();
            }
            return null;
        });
    }

    private DkimKeyPair openKey(String tenantId, String domain, String selector, String algorithm, String publicKey,
                                String sealed) {
        byte[] pkcs8 = null;
        try {
            pkcs8 = vault.open(sealed, sealContext(tenantId, domain, selector));
            return DkimKeyPair.restore(selector, DkimKeyPair.Algorithm.bySigning(algorithm), pkcs8, publicKey);
        } catch (KeyVault.SealedValueException | GeneralSecurityException e) {
            throw new StoreException("the DKIM key " + selector + " of " + domain + " (tenant " + tenantId
                    + ") cannot be opened: " + e.getMessage(), e);
        } finally {
            if (pkcs8 != null) {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }
    }

    static String sealContext(String tenantId, String domain, String selector) {
        return "dkim/" + tenantId + "/" + domain + "/" + selector;
    }

    private static String clip(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 1997) + "...";
    }

    private <T> T write(Database.Work<T> work) {
        try {
            return database.transaction(work);
        } catch (SQLException e) {
            throw new StoreException("cannot store the sending domain: " + e.getMessage(), e);
        }
    }
}
