package io.mailgate.core.store;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.mailgate.api.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenants and what identifies their mail: SMTP credentials, source networks and sending domains.
 *
 * <p>The database is the record; memory answers the questions the SMTP side asks on every session
 * ({@link #authenticate}, {@link #tenantForAddress}, {@link #find}). The caches are loaded when the
 * store opens and changed on every write, after the transaction commits; writes are serialized, so
 * memory follows the database in commit order. Reads never lock.
 *
 * <p>Passwords: only their PBKDF2 hashes are kept, in the database and in memory. Nothing derived
 * from a verification is cached, so every {@link #authenticate} pays the full hashing cost, and an
 * unknown username pays it too (against a dummy hash) so that timing does not tell which usernames
 * exist.
 */
public final class TenantStore implements TenantDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(TenantStore.class);
    private static final int MAX_NAME = 200;
    private static final int MAX_REASON = 1000;
    private static final int MAX_USERNAME = 254;
    static final int MIN_PASSWORD = 12;
    private static final int MAX_PASSWORD = 1024;

    private record Credential(String tenantId, String hash) {
    }

    private final Database database;
    private final PasswordHasher hasher;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, TenantRecord> tenants = new ConcurrentHashMap<>();
    private final Map<String, Credential> credentials = new ConcurrentHashMap<>();
    private volatile NetworkMap networks = NetworkMap.EMPTY;
    private volatile String dummyHash;

    /** Opens the store over {@code database} and loads its caches. */
    public TenantStore(Database database) {
        this(database, new PasswordHasher());
    }

    public TenantStore(Database database, PasswordHasher hasher) {
        this.database = database;
        this.hasher = hasher;
        load();
    }

    // ---- tenants ----

    /** Creates an active tenant with a new opaque id. */
    public synchronized TenantRecord createTenant(String name) {
        String checkedName = checkName(name);
        String id = newId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        write("create tenant", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO tenant (id, name, status, status_reason, created_at) VALUES (?, ?, ?, '', ?)")) {
                insert.setString(1, id);
                insert.setString(2, checkedName);
                insert.setString(3, Status.ACTIVE.name());
                Database.setTime(insert, 4, now);
                insert.executeUpdate();
            }
            return null;
        });
        TenantRecord tenant = new TenantRecord(id, checkedName, Status.ACTIVE, "", now, sorted(List.of()));
        tenants.put(id, tenant);
        LOG.info("tenant {} created ({})", id, checkedName);
        return tenant;
    }

    /** All tenants, oldest first. */
    public List<TenantRecord> listTenants() {
        return tenants.values().stream()
                .sorted(Comparator.comparing(TenantRecord::createdAt).thenComparing(TenantRecord::id))
                .toList();
    }

    /** The tenant with everything the admin sees. */
    public Optional<TenantRecord> tenant(String tenantId) {
        return tenantId == null ? Optional.empty() : Optional.ofNullable(tenants.get(tenantId));
    }

    /** From memory. */
    @Override
    public Optional<Tenant> find(String tenantId) {
        return tenant(tenantId).map(TenantRecord::toTenant);
    }

    /**
     * Sets the tenant's status. Suspending or disabling needs a reason a person can act on (it may
     * reach the tenant in SMTP replies); making a tenant active again clears the reason.
     */
    public TenantRecord setStatus(String tenantId, Status status, String reason) {
        if (status == null) {
            throw new InvalidInputException("a status is required: one of active, suspended, disabled");
        }
        return update(tenantId, Optional.empty(), Optional.of(status), reason);
    }

    public TenantRecord rename(String tenantId, String name) {
        return update(tenantId, Optional.of(name == null ? "" : name), Optional.empty(), "");
    }

    /**
     * Changes the name and/or the status (see {@link #setStatus} for the reason) in one transaction;
     * everything is checked before anything is written.
     */
    public synchronized TenantRecord update(String tenantId, Optional<String> name, Optional<Status> status, String reason) {
        TenantRecord current = require(tenantId);
        if (name.isEmpty() && status.isEmpty()) {
            throw new InvalidInputException("nothing to change: give a new name, or a status with its reason");
        }
        String newName = name.isPresent() ? checkName(name.get()) : current.name();
        Status newStatus = status.orElse(current.status());
        String newReason = status.isEmpty() ? current.statusReason()
                : newStatus == Status.ACTIVE ? "" : checkReason(reason, newStatus);
        write("update tenant", connection -> update(connection,
                "UPDATE tenant SET name = ?, status = ?, status_reason = ? WHERE id = ?",
                newName, newStatus.name(), newReason, tenantId));
        TenantRecord changed = new TenantRecord(tenantId, newName, newStatus, newReason, current.createdAt(), current.domains());
        tenants.put(tenantId, changed);
        if (newStatus != current.status() || !newReason.equals(current.statusReason())) {
            LOG.info("tenant {} is now {}{}", tenantId, newStatus, newReason.isEmpty() ? "" : ": " + newReason);
        }
        return changed;
    }

    /** Deletes the tenant with its credentials, networks and domains. Its journal entries stay. */
    public synchronized void deleteTenant(String tenantId) {
        require(tenantId);
        write("delete tenant", connection -> update(connection, "DELETE FROM tenant WHERE id = ?", tenantId));
        tenants.remove(tenantId);
        credentials.values().removeIf(credential -> credential.tenantId().equals(tenantId));
        networks = networks.withoutTenant(tenantId);
        LOG.info("tenant {} deleted", tenantId);
    }

    // ---- SMTP credentials ----

    /**
     * Adds an SMTP login for the tenant. Usernames are unique across tenants; the password needs at
     * least {@value #MIN_PASSWORD} characters and is stored only as a hash.
     */
    public synchronized void addCredential(String tenantId, String username, String password) {
        require(tenantId);
        String checkedUsername = checkUsername(username);
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new InvalidInputException("the password must have at least " + MIN_PASSWORD + " characters");
        }
        if (password.length() > MAX_PASSWORD) {
            throw new InvalidInputException("the password must have at most " + MAX_PASSWORD + " characters");
        }
        if (credentials.containsKey(checkedUsername)) {
            throw new ConflictException("the username '" + checkedUsername + "' is taken; choose another one");
        }
        char[] secret = password.toCharArray();
        String hash;
        try {
            hash = hasher.hash(secret);
        } finally {
            Arrays.fill(secret, '\0');
        }
        write("add SMTP credential", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO smtp_credential (username, tenant_id, password_hash, created_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, checkedUsername);
                insert.setString(2, tenantId);
                insert.setString(3, hash);
                Database.setTime(insert, 4, Instant.now());
                insert.executeUpdate();
            }
            return null;
        });
        credentials.put(checkedUsername, new Credential(tenantId, hash));
        LOG.info("tenant {}: SMTP username {} added", tenantId, checkedUsername);
    }

    /** The tenant's SMTP usernames, sorted. */
    public List<String> credentials(String tenantId) {
        require(tenantId);
        return credentials.entrySet().stream()
                .filter(entry -> entry.getValue().tenantId().equals(tenantId))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    public synchronized void removeCredential(String tenantId, String username) {
        require(tenantId);
        Credential credential = username == null ? null : credentials.get(username);
        if (credential == null || !credential.tenantId().equals(tenantId)) {
            throw new NotFoundException("tenant " + tenantId + " has no SMTP username '" + username + "'");
        }
        write("remove SMTP credential", connection -> update(connection,
                "DELETE FROM smtp_credential WHERE username = ? AND tenant_id = ?", username, tenantId));
        credentials.remove(username);
        LOG.info("tenant {}: SMTP username {} removed", tenantId, username);
    }

    /**
     * The id of the tenant whose credential this is, whatever the tenant's status: the caller checks
     * the status with {@link #find} and gives a suspended tenant its own reply rather than a
     * misleading "wrong password". Slow by design (one PBKDF2 verification); call it off the I/O
     * thread where possible.
     */
    public Optional<String> authenticate(String username, String password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        Credential credential = credentials.get(username);
        char[] attempt = password.toCharArray();
        try {
            if (credential == null) {
                hasher.verify(attempt, dummyHash());
                return Optional.empty();
            }
            return hasher.verify(attempt, credential.hash()) ? Optional.of(credential.tenantId()) : Optional.empty();
        } finally {
            Arrays.fill(attempt, '\0');
        }
    }

    // ---- source networks ----

    /**
     * Assigns a network to the tenant and returns its canonical form. A network belongs to one
     * tenant only; a smaller network inside another tenant's larger one is allowed and wins for the
     * addresses it covers (longest prefix).
     */
    public synchronized String addNetwork(String tenantId, String cidr) {
        require(tenantId);
        Cidr network = Cidr.parse(cidr);
        Optional<String> owner = networks.owner(network);
        if (owner.isPresent()) {
            throw new ConflictException(owner.get().equals(tenantId)
                    ? "tenant " + tenantId + " already has the network " + network
                    : "the network " + network + " belongs to another tenant; remove it there first");
        }
        write("add network", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO source_network (cidr, tenant_id, created_at) VALUES (?, ?, ?)")) {
                insert.setString(1, network.toString());
                insert.setString(2, tenantId);
                Database.setTime(insert, 3, Instant.now());
                insert.executeUpdate();
            }
            return null;
        });
        networks = networks.with(network, tenantId);
        LOG.info("tenant {}: network {} added", tenantId, network);
        return network.toString();
    }

    /** The tenant's networks in canonical form, sorted as text. */
    public List<String> networks(String tenantId) {
        require(tenantId);
        return networks.networksOf(tenantId);
    }

    /** Removes a network; {@code cidr} may be written in any form that parses to it. */
    public synchronized void removeNetwork(String tenantId, String cidr) {
        require(tenantId);
        Cidr network = Cidr.parse(cidr);
        if (!networks.owner(network).map(tenantId::equals).orElse(false)) {
            throw new NotFoundException("tenant " + tenantId + " has no network " + network);
        }
        write("remove network", connection -> update(connection,
                "DELETE FROM source_network WHERE cidr = ? AND tenant_id = ?", network.toString(), tenantId));
        networks = networks.without(network);
        LOG.info("tenant {}: network {} removed", tenantId, network);
    }

    /** The tenant whose most specific network contains {@code address}. From memory. */
    public Optional<String> tenantForAddress(InetAddress address) {
        return address == null ? Optional.empty() : networks.tenantFor(address);
    }

    // ---- sending domains ----

    /** More rows that belong to a new sending domain, written in the transaction that adds it. */
    public interface DomainRows {
        void insert(Connection connection, String domain) throws SQLException;
    }

    /** Adds a sending domain and returns its normalized form (lower case, punycode, no trailing dot). */
    public String addDomain(String tenantId, String domain) {
        return addDomain(tenantId, domain, (connection, name) -> { });
    }

    /**
     * Adds a sending domain together with {@code rows} (its keys, its token) in one transaction, so
     * that the domain never exists without them.
     */
    public synchronized String addDomain(String tenantId, String domain, DomainRows rows) {
        TenantRecord current = require(tenantId);
        String normalized = DomainNames.normalize(domain);
        if (current.domains().contains(normalized)) {
            throw new ConflictException("tenant " + tenantId + " already has the domain " + normalized);
        }
        write("add domain", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO sending_domain (tenant_id, domain, created_at) VALUES (?, ?, ?)")) {
                insert.setString(1, tenantId);
                insert.setString(2, normalized);
                Database.setTime(insert, 3, Instant.now());
                insert.executeUpdate();
            }
            rows.insert(connection, normalized);
            return null;
        });
        TreeSet<String> domains = new TreeSet<>(current.domains());
        domains.add(normalized);
        tenants.put(tenantId, withDomains(current, domains));
        LOG.info("tenant {}: domain {} added", tenantId, normalized);
        return normalized;
    }

    /** The tenant's sending domains, sorted. */
    public List<String> domains(String tenantId) {
        return List.copyOf(require(tenantId).domains());
    }

    /** The tenant's domain written in any form that normalizes to it ("Example.COM."), if it has it. */
    public Optional<String> findDomain(String tenantId, String domain) {
        String normalized;
        try {
            normalized = DomainNames.normalize(domain);
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
        return require(tenantId).domains().contains(normalized) ? Optional.of(normalized) : Optional.empty();
    }

    public synchronized void removeDomain(String tenantId, String domain) {
        TenantRecord current = require(tenantId);
        String name = findDomain(tenantId, domain)
                .orElseThrow(() -> new NotFoundException("tenant " + tenantId + " has no domain " + domain));
        write("remove domain", connection -> update(connection,
                "DELETE FROM sending_domain WHERE tenant_id = ? AND domain = ?", tenantId, name));
        TreeSet<String> domains = new TreeSet<>(current.domains());
        domains.remove(name);
        tenants.put(tenantId, withDomains(current, domains));
        LOG.info("tenant {}: domain {} removed", tenantId, name);
    }

    // ---- internals ----

    private void load() {
        try (Connection connection = database.connection()) {
            Map<String, TreeSet<String>> domains = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT tenant_id, domain FROM sending_domain");
                 ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    domains.computeIfAbsent(row.getString(1), id -> new TreeSet<>()).add(row.getString(2));
                }
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, name, status, status_reason, created_at FROM tenant");
                 ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    String id = row.getString("id");
                    tenants.put(id, new TenantRecord(id, row.getString("name"), Status.valueOf(row.getString("status")),
                            row.getString("status_reason"), Database.getTime(row, "created_at"),
                            sorted(domains.getOrDefault(id, new TreeSet<>()))));
                }
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT username, tenant_id, password_hash FROM smtp_credential");
                 ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    credentials.put(row.getString(1), new Credential(row.getString(2), row.getString(3)));
                }
            }
            Map<Cidr, String> loaded = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT cidr, tenant_id FROM source_network");
                 ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    loaded.put(Cidr.parse(row.getString(1)), row.getString(2));
                }
            }
            networks = new NetworkMap(loaded);
        } catch (SQLException e) {
            throw new StoreException("cannot load the tenants from " + database.directory() + ": " + e.getMessage(), e);
        }
        LOG.info("loaded {} tenants, {} SMTP credentials", tenants.size(), credentials.size());
    }

    private TenantRecord require(String tenantId) {
        return tenant(tenantId).orElseThrow(() -> new NotFoundException("there is no tenant with id '" + tenantId + "'"));
    }

    private <T> T write(String what, Database.Work<T> work) {
        try {
            return database.transaction(work);
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new ConflictException("cannot " + what + ": it already exists");
            }
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private static Void update(Connection connection, String sql, String... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
        return null;
    }

    private String newId() {
        byte[] bytes = new byte[10];
        String id;
        do {
            random.nextBytes(bytes);
            id = "t" + HexFormat.of().formatHex(bytes);
        } while (tenants.containsKey(id));
        return id;
    }

    private String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            hash = hasher.hash(HexFormat.of().formatHex(bytes).toCharArray());
            dummyHash = hash;
        }
        return hash;
    }

    private static TenantRecord withDomains(TenantRecord tenant, TreeSet<String> domains) {
        return new TenantRecord(tenant.id(), tenant.name(), tenant.status(), tenant.statusReason(), tenant.createdAt(), sorted(domains));
    }

    private static SortedSet<String> sorted(Collection<String> values) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(values));
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("a tenant needs a name, such as the department or customer it stands for");
        }
        String trimmed = name.strip();
        if (trimmed.length() > MAX_NAME) {
            throw new InvalidInputException("a tenant name has at most " + MAX_NAME + " characters, this one has " + trimmed.length());
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("a tenant name cannot contain control characters such as line breaks or tabs");
        }
        return trimmed;
    }

    private static String checkReason(String reason, Status status) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("a tenant that is " + status.name().toLowerCase(Locale.ROOT)
                    + " needs a reason a person can act on, such as \"unpaid invoice, contact billing\"");
        }
        String trimmed = reason.strip();
        if (trimmed.length() > MAX_REASON) {
            throw new InvalidInputException("the reason has at most " + MAX_REASON + " characters, this one has " + trimmed.length());
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("the reason cannot contain control characters such as line breaks");
        }
        return trimmed;
    }

    private static String checkUsername(String username) {
        if (username == null || username.isEmpty() || username.length() > MAX_USERNAME
                || username.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new InvalidInputException("a username is 1 to " + MAX_USERNAME + " characters without spaces or control characters");
        }
        return username;
    }
}
