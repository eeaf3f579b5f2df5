package io.mailgate.core.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.mailgate.api.SendingDomains;
import io.mailgate.core.store.Database;
import io.mailgate.core.store.JournalStore;
import io.mailgate.core.store.PasswordHasher;
import io.mailgate.core.store.StoreException;
import io.mailgate.core.store.TenantStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendingDomainServiceTest {

    private static final DomainSettings SETTINGS =
            new DomainSettings(List.of("192.0.2.10"), List.of(), Duration.ofSeconds(1), Duration.ofHours(1));

    @TempDir
    Path home;

    private Database database;
    private TenantStore tenants;
    private JournalStore journal;

    @BeforeEach
    void open() {
        database = Database.open(home.resolve("db"));
        tenants = new TenantStore(database, new PasswordHasher(1000));
        journal = new JournalStore(database);
    }

    @AfterEach
    void close() {
        journal.close();
        database.close();
    }

    @Test
    void databaseShouldHoldPrivateKeysOnlySealed() throws Exception {
        SendingDomainService domains = service("master.key");
        String tenant = tenants.createTenant("acme").id();
        domains.add(tenant, "example.com");
        List<SendingDomains.DkimKey> keys = domains.covering(tenant, "example.com").orElseThrow().keys();
        List<String> stored = new ArrayList<>();
        try (Connection connection = database.connection(); Statement query = connection.createStatement();
             ResultSet row = query.executeQuery("SELECT private_key_sealed FROM dkim_key")) {
            while (row.next()) {
                stored.add(row.getString(1));
            }
        }
        assertEquals(2, stored.size());
        for (SendingDomains.DkimKey key : keys) {
            String clear = Base64.getEncoder().encodeToString(key.privateKey().getEncoded());
            for (String value : stored) {
                assertTrue(value.startsWith("v1:"));
                assertFalse(value.contains(clear.substring(clear.length() - 24)), "a private key in clear in the database");
            }
        }
    }

    @Test
    void keysShouldSurviveARestartAndNeedTheMasterKey() throws Exception {
        String tenant = tenants.createTenant("acme").id();
        service("master.key").add(tenant, "example.com");
        SendingDomains.SendingDomain before = service("master.key").covering(tenant, "example.com").orElseThrow();
        SendingDomains.SendingDomain after = service("master.key").covering(tenant, "example.com").orElseThrow();
        assertEquals(before.keys(), after.keys());
        assertEquals(List.of("rsa-sha256", "ed25519-sha256"), after.keys().stream().map(SendingDomains.DkimKey::algorithm).toList());
        StoreException wrong = assertThrows(StoreException.class, () -> service("another.key"));
        assertTrue(wrong.getMessage().contains("cannot be opened"), wrong.getMessage());
    }

    @Test
    void domainAddedWithoutKeysShouldGetThemWhenRead() throws Exception {
        SendingDomainService domains = service("master.key");
        String tenant = tenants.createTenant("acme").id();
        tenants.addDomain(tenant, "plain.example");
        assertTrue(domains.covering(tenant, "plain.example").orElseThrow().keys().isEmpty());
        assertEquals(5, domains.get(tenant, "plain.example").records().stream().filter(r -> r.type().equals("TXT")).count());
        assertEquals(2, domains.covering(tenant, "mail.plain.example").orElseThrow().keys().size());
    }

    @Test
    void coveringShouldFindTheNearestParentOfTheTenantOnly() throws Exception {
        SendingDomainService domains = service("master.key");
        String tenant = tenants.createTenant("acme").id();
        String other = tenants.createTenant("other").id();
        domains.add(tenant, "example.com");
        assertEquals("example.com", domains.covering(tenant, "a.b.Example.COM.").orElseThrow().domain());
        assertTrue(domains.covering(other, "example.com").isEmpty());
        assertTrue(domains.covering(tenant, "example.org").isEmpty());
        assertTrue(domains.covering(tenant, "not a domain").isEmpty());
    }

    private SendingDomainService service(String masterKey) throws Exception {
        return new SendingDomainService(database, tenants, journal, KeyVault.loadOrCreate(home.resolve(masterKey)), SETTINGS);
    }
}
