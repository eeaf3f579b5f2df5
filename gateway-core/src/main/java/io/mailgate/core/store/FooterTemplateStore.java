package io.mailgate.core.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.mailgate.api.FooterTemplates;

/**
 * The tenants' footer templates: rows of {@code footer_template}, one per tenant, resource (empty for
 * all the tenant's resources) and language, and the same in memory, where the footer stage reads
 * them. A template without the unsubscribe link or the sender's identity is refused when saved.
 */
public final class FooterTemplateStore implements FooterTemplates {

    /** A saved template with its place and the time of its last change. */
    public record Stored(String tenantId, String resource, String language, Template template, Instant updated) {
    }

    private record Key(String tenantId, String resource, String language) {
    }

    private final Database database;
    private final TenantStore tenants;
    private final Clock clock;
    private final Map<Key, Stored> templates = new ConcurrentHashMap<>();

    public FooterTemplateStore(Database database, TenantStore tenants, Clock clock) {
        this.database = database;
        this.tenants = tenants;
        this.clock = clock;
        load();
    }

    @Override
    public Optional<Template> find(String tenantId, String resource, String language) {
        String lang = language == null ? "" : language.strip().toLowerCase(Locale.ROOT);
        if (lang.isEmpty()) {
            lang = resourceLanguage(tenantId, resource == null ? "" : resource);
        }
        String primary = lang.split("-")[0];
        return Optional.ofNullable(templates.get(new Key(tenantId, resource == null ? "" : resource, primary)))
                .or(() -> Optional.ofNullable(templates.get(new Key(tenantId, "", primary))))
                .map(Stored::template);
    }

    /** The language of a resource's only template, else English. */
    private String resourceLanguage(String tenantId, String resource) {
        List<String> languages = templates.keySet().stream()
                .filter(key -> key.tenantId().equals(tenantId) && key.resource().equals(resource))
                .map(Key::language).toList();
        return languages.size() == 1 ? languages.get(0) : "en";
    }

    public List<Stored> list(String tenantId) {
        requireTenant(tenantId);
        return templates.values().stream().filter(stored -> stored.tenantId().equals(tenantId))
                .sorted(Comparator.comparing(Stored::resource).thenComparing(Stored::language)).toList();
    }

    /** Checks the template (422 with every problem), then saves it in place of the one it replaces. */
    public synchronized Stored put(String tenantId, String resource, String language, Template template) {
        requireTenant(tenantId);
        String res = resource == null ? "" : resource.strip();
        String lang = language == null ? "" : language.strip().toLowerCase(Locale.ROOT);
        if (res.length() > 200) {
            throw new InvalidInputException("resource is longer than 200 characters");
        }
        if (!lang.matches("[a-z]{2,3}")) {
            throw new InvalidInputException("language is a two- or three-letter code such as en or ru, not '" + language + "'");
        }
        if (template == null) {
            throw new InvalidInputException("a template is required: {\"text\",\"html\",\"consent\"}");
        }
        Template checked = new Template(template.text(), template.html(), template.consent() == null ? "" : template.consent().strip());
        List<String> problems = checked.problems();
        if (!problems.isEmpty()) {
            throw new InvalidInputException("the template cannot be used: " + String.join("; ", problems));
        }
        if (checked.consent().length() > 2000 || checked.text().length() > 100_000 || checked.html().length() > 100_000) {
            throw new InvalidInputException("the template is too long (text and html up to 100000 characters, consent 2000)");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            database.transaction(connection -> {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM footer_template WHERE tenant_id = ? AND resource = ? AND language = ?");
                     PreparedStatement insert = connection.prepareStatement("""
                             INSERT INTO footer_template (tenant_id, resource, language, text_template, html_template,
                                 consent, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                    delete.setString(1, tenantId);
                    delete.setString(2, res);
                    delete.setString(3, lang);
                    delete.executeUpdate();
                    insert.setString(1, tenantId);
                    insert.setString(2, res);
                    insert.setString(3, lang);
                    insert.setString(4, checked.text());
                    insert.setString(5, checked.html());
                    insert.setString(6, checked.consent());
                    Database.setTime(insert, 7, now);
                    insert.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot save the footer template: " + e.getMessage(), e);
        }
        Stored stored = new Stored(tenantId, res, lang, checked, now);
        templates.put(new Key(tenantId, res, lang), stored);
        return stored;
    }

    public synchronized void delete(String tenantId, String resource, String language) {
        requireTenant(tenantId);
        Key key = new Key(tenantId, resource == null ? "" : resource.strip(),
                language == null ? "" : language.strip().toLowerCase(Locale.ROOT));
        if (!templates.containsKey(key)) {
            throw new NotFoundException("tenant '" + tenantId + "' has no footer template for resource '" + key.resource()
                    + "' in language '" + key.language() + "'");
        }
        try {
            database.transaction(connection -> {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM footer_template WHERE tenant_id = ? AND resource = ? AND language = ?")) {
                    delete.setString(1, key.tenantId());
                    delete.setString(2, key.resource());
                    delete.setString(3, key.language());
                    delete.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot delete the footer template: " + e.getMessage(), e);
        }
        templates.remove(key);
    }

    private void requireTenant(String tenantId) {
        if (tenantId == null || tenants.tenant(tenantId).isEmpty()) {
            throw new NotFoundException("there is no tenant with id '" + tenantId + "'");
        }
    }

    private void load() {
        try (var connection = database.connection();
             var select = connection.prepareStatement("SELECT * FROM footer_template");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                Key key = new Key(rows.getString("tenant_id"), rows.getString("resource"), rows.getString("language"));
                templates.put(key, new Stored(key.tenantId(), key.resource(), key.language(),
                        new Template(rows.getString("text_template"), rows.getString("html_template"), rows.getString("consent")),
                        Database.getTime(rows, "updated_at")));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the footer templates: " + e.getMessage(), e);
        }
    }
}
