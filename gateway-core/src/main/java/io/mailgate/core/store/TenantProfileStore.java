package io.mailgate.core.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import io.mailgate.api.TenantProfiles;

/**
 * The tenants' profiles (REQ-4): one row per tenant in {@code tenant_profile}, and the same in
 * memory, where stages read them. A profile is replaced whole; blank fields are allowed (the tenant
 * fills them in over time) and {@link Profile#missingFields()} says what bulk mail still needs.
 */
public final class TenantProfileStore implements TenantProfiles {

    /** A stored profile with the time of its last change, for the API. */
    public record Stored(Profile profile, Instant updated) {
    }

    private final Database database;
    private final TenantStore tenants;
    private final Clock clock;
    private final Map<String, Stored> byTenant = new ConcurrentHashMap<>();

    public TenantProfileStore(Database database, TenantStore tenants, Clock clock) {
        this.database = database;
        this.tenants = tenants;
        this.clock = clock;
        load();
    }

    @Override
    public Optional<Profile> profile(String tenantId) {
        return stored(tenantId).map(Stored::profile);
    }

    /** The profile as last written; empty when the tenant never wrote one (or is gone). */
    public Optional<Stored> stored(String tenantId) {
        if (tenantId == null || tenants.tenant(tenantId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byTenant.get(tenantId));
    }

    /** Checks every field, then replaces the tenant's profile. */
    public synchronized Stored put(String tenantId, Profile input) {
        if (tenants.tenant(tenantId).isEmpty()) {
            throw new NotFoundException("there is no tenant with id '" + tenantId + "'");
        }
        Profile profile = checked(input);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            database.transaction(connection -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM tenant_profile WHERE tenant_id = ?");
                     PreparedStatement insert = connection.prepareStatement("""
                             INSERT INTO tenant_profile (tenant_id, company, address, register_name, registration_number,
                                 phone, contact_email, contact_url, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                    delete.setString(1, tenantId);
                    delete.executeUpdate();
                    insert.setString(1, tenantId);
                    insert.setString(2, profile.company());
                    insert.setString(3, profile.address());
                    insert.setString(4, profile.registerName());
                    insert.setString(5, profile.registrationNumber());
                    insert.setString(6, profile.phone());
                    insert.setString(7, profile.contactEmail());
                    insert.setString(8, profile.contactUrl());
                    Database.setTime(insert, 9, now);
                    insert.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot save the profile of tenant " + tenantId + ": " + e.getMessage(), e);
        }
        Stored stored = new Stored(profile, now);
        byTenant.put(tenantId, stored);
        return stored;
    }

    private void load() {
        try (var connection = database.connection();
             var select = connection.prepareStatement("SELECT * FROM tenant_profile");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                byTenant.put(rows.getString("tenant_id"), new Stored(new Profile(rows.getString("company"),
                        rows.getString("address"), rows.getString("register_name"), rows.getString("registration_number"),
                        rows.getString("phone"), rows.getString("contact_email"), rows.getString("contact_url")),
                        Database.getTime(rows, "updated_at")));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the tenant profiles: " + e.getMessage(), e);
        }
    }

    private static Profile checked(Profile input) {
        if (input == null) {
            throw new InvalidInputException("a profile is required: {\"company\",\"address\",\"registerName\","
                    + "\"registrationNumber\",\"phone\",\"contactEmail\" or \"contactUrl\"}");
        }
        return new Profile(text("company", input.company(), 200), text("address", input.address(), 500),
                text("registerName", input.registerName(), 200), text("registrationNumber", input.registrationNumber(), 100),
                text("phone", input.phone(), 50), email(input.contactEmail()), url(input.contactUrl()));
    }

    private static String text(String field, String value, int max) {
        String stripped = value == null ? "" : value.strip();
        if (stripped.length() > max) {
            throw new InvalidInputException(field + " is longer than " + max + " characters");
        }
        if (stripped.chars().anyMatch(c -> c < 0x20 && c != '\n')) {
            throw new InvalidInputException(field + " holds a control character; only line breaks are allowed");
        }
        return stripped;
    }

    private static String email(String value) {
        String address = text("contactEmail", value, 320);
        if (address.isEmpty()) {
            return address;
        }
        try {
            return new MailAddress(address).asString();
        } catch (AddressException e) {
            throw new InvalidInputException("contactEmail '" + address + "' is not a valid address: " + e.getMessage());
        }
    }

    private static String url(String value) {
        String url = text("contactUrl", value, 2000);
        if (url.isEmpty()) {
            return url;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
                throw new InvalidInputException("contactUrl '" + url + "' must be an https:// (or http://) address of a page");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new InvalidInputException("contactUrl '" + url + "' is not a valid URL: " + e.getReason());
        }
    }
}
