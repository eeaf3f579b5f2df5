package io.mailgate.core.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tenants' API tokens. A token is 256 random bits (URL-safe base64), shown once when it is
 * created; only its SHA-256 is stored, which is enough for a random secret of that size (there is
 * nothing to guess, so no slow hash is needed). A token is looked up by its hash in the database on
 * every request, so a revoked token, or one of a deleted tenant, stops working at once.
 *
 * <p>Roles are {@code tenant-master} and {@code tenant-user}, as the API spells them.
 */
public final class TenantTokenStore {

    public static final Set<String> ROLES = Set.of("tenant-master", "tenant-user");

    /** A token as listed: never the secret. */
    public record Token(String id, String tenantId, String role, Instant created) {
    }

    /** A new token with its secret, to be shown once. */
    public record Issued(Token token, String secret) {
    }

    private final Database database;
    private final SecureRandom random = new SecureRandom();

    public TenantTokenStore(Database database) {
        this.database = database;
    }

    public Issued issue(String tenantId, String role) {
        if (role == null || !ROLES.contains(role.strip())) {
            throw new InvalidInputException("role is tenant-master or tenant-user, not '" + role + "'");
        }
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        byte[] idBytes = new byte[8];
        random.nextBytes(idBytes);
        Token token = new Token("k" + HexFormat.of().formatHex(idBytes), tenantId, role.strip(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        try (Connection connection = database.connection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO tenant_token (id, tenant_id, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, token.id());
            insert.setString(2, tenantId);
            insert.setString(3, token.role());
            insert.setString(4, sha256(secret));
            Database.setTime(insert, 5, token.created());
            insert.executeUpdate();
        } catch (SQLException e) {
            if ("23503".equals(e.getSQLState())) {
                throw new NotFoundException("there is no tenant with id '" + tenantId + "'");
            }
            throw new StoreException("cannot create a token: " + e.getMessage(), e);
        }
        return new Issued(token, secret);
    }

    /** The token this secret stands for, if any. */
    public Optional<Token> authenticate(String secret) {
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        List<Token> found = query("WHERE token_hash = ?", sha256(secret));
        return found.stream().findFirst();
    }

    /** The tenant's tokens, oldest first. */
    public List<Token> list(String tenantId) {
        return query("WHERE tenant_id = ? ORDER BY created_at, id", tenantId);
    }

    /** Revokes a token of the tenant; false when it has no such token. */
    public boolean revoke(String tenantId, String tokenId) {
        try (Connection connection = database.connection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM tenant_token WHERE tenant_id = ? AND id = ?")) {
            delete.setString(1, tenantId);
            delete.setString(2, tokenId);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("cannot revoke a token: " + e.getMessage(), e);
        }
    }

    private List<Token> query(String where, String value) {
        try (Connection connection = database.connection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT id, tenant_id, role, created_at FROM tenant_token " + where)) {
            query.setString(1, value);
            List<Token> tokens = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    tokens.add(new Token(row.getString("id"), row.getString("tenant_id"), row.getString("role"),
                            Database.getTime(row, "created_at")));
                }
            }
            return tokens;
        } catch (SQLException e) {
            throw new StoreException("cannot read tokens: " + e.getMessage(), e);
        }
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
