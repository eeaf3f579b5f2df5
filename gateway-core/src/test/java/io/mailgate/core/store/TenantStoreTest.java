package io.mailgate.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.mailgate.api.TenantDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantStoreTest {

    @TempDir
    Path home;

    private Database database;
    private TenantStore store;

    @BeforeEach
    void open() {
        database = Database.open(home.resolve("db"));
        store = new TenantStore(database, new PasswordHasher(1000));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void createTenantShouldMakeAnActiveTenantThatFindReturns() {
        TenantRecord created = store.createTenant("  Billing department ");
        assertEquals("Billing department", created.name());
        assertEquals(TenantDirectory.Status.ACTIVE, created.status());
        assertEquals(Optional.of(new TenantDirectory.Tenant(created.id(), "Billing department",
                TenantDirectory.Status.ACTIVE, "", Set.of())), store.find(created.id()));
        assertEquals(List.of(created), store.listTenants());
    }

    @Test
    void createTenantShouldRefuseAnEmptyName() {
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> store.createTenant("  "));
        assertTrue(failure.getMessage().contains("needs a name"), failure.getMessage());
    }

    @Test
    void storeShouldLoadEverythingBackWhenReopened() throws UnknownHostException {
        TenantRecord tenant = store.createTenant("Shop");
        store.addCredential(tenant.id(), "shop-app", "a long enough secret");
        store.addNetwork(tenant.id(), "198.51.100.0/24");
        store.addDomain(tenant.id(), "Shop.Example.");
        store.setStatus(tenant.id(), TenantDirectory.Status.SUSPENDED, "unpaid invoice");
        database.close();

        database = Database.open(home.resolve("db"));
        TenantStore reopened = new TenantStore(database, new PasswordHasher(1000));
        TenantRecord loaded = reopened.tenant(tenant.id()).orElseThrow();
        assertEquals(TenantDirectory.Status.SUSPENDED, loaded.status());
        assertEquals("unpaid invoice", loaded.statusReason());
        assertEquals(tenant.createdAt(), loaded.createdAt());
        assertEquals(Set.of("shop.example"), loaded.domains());
        assertEquals(Optional.of(tenant.id()), reopened.authenticate("shop-app", "a long enough secret"));
        assertEquals(Optional.of(tenant.id()), reopened.tenantForAddress(InetAddress.getByName("198.51.100.9")));
    }

    @Test
    void authenticateShouldReturnTheTenantOnlyForTheRightPassword() {
        String id = store.createTenant("Shop").id();
        store.addCredential(id, "shop-app", "a long enough secret");
        assertEquals(Optional.of(id), store.authenticate("shop-app", "a long enough secret"));
        assertEquals(Optional.empty(), store.authenticate("shop-app", "a long enough secreT"));
        assertEquals(Optional.empty(), store.authenticate("nobody", "a long enough secret"));
        assertEquals(Optional.empty(), store.authenticate(null, null));
    }

    @Test
    void authenticateShouldNotStoreThePasswordInClear() throws SQLException {
        String id = store.createTenant("Shop").id();
        store.addCredential(id, "shop-app", "a long enough secret");
        try (Connection connection = database.connection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT password_hash FROM smtp_credential")) {
            row.next();
            assertTrue(row.getString(1).startsWith("pbkdf2-sha256$"));
        }
    }

    @Test
    void addCredentialShouldRefuseATakenUsernameEvenForAnotherTenant() {
        String first = store.createTenant("One").id();
        String second = store.createTenant("Two").id();
        store.addCredential(first, "app", "a long enough secret");
        assertThrows(ConflictException.class, () -> store.addCredential(second, "app", "another long secret"));
        assertEquals(List.of("app"), store.credentials(first));
        assertEquals(List.of(), store.credentials(second));
    }

    @Test
    void addCredentialShouldRefuseAShortPassword() {
        String id = store.createTenant("Shop").id();
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> store.addCredential(id, "app", "short"));
        assertTrue(failure.getMessage().contains("at least 12"), failure.getMessage());
    }

    @Test
    void removeCredentialShouldStopAuthentication() {
        String id = store.createTenant("Shop").id();
        store.addCredential(id, "app", "a long enough secret");
        store.removeCredential(id, "app");
        assertEquals(Optional.empty(), store.authenticate("app", "a long enough secret"));
        assertThrows(NotFoundException.class, () -> store.removeCredential(id, "app"));
    }

    @Test
    void removeCredentialShouldNotTouchAnotherTenantsUsername() {
        String owner = store.createTenant("One").id();
        String other = store.createTenant("Two").id();
        store.addCredential(owner, "app", "a long enough secret");
        assertThrows(NotFoundException.class, () -> store.removeCredential(other, "app"));
        assertEquals(Optional.of(owner), store.authenticate("app", "a long enough secret"));
    }

    @Test
    void tenantForAddressShouldPickTheLongestIpv4PrefixAcrossTenants() throws UnknownHostException {
        String wide = store.createTenant("Wide").id();
        String narrow = store.createTenant("Narrow").id();
        store.addNetwork(wide, "10.0.0.0/8");
        store.addNetwork(narrow, "10.20.30.0/24");
        assertEquals(Optional.of(narrow), store.tenantForAddress(InetAddress.getByName("10.20.30.40")));
        assertEquals(Optional.of(wide), store.tenantForAddress(InetAddress.getByName("10.20.31.40")));
        assertEquals(Optional.empty(), store.tenantForAddress(InetAddress.getByName("11.0.0.1")));
        store.removeNetwork(narrow, "10.20.30.0/24");
        assertEquals(Optional.of(wide), store.tenantForAddress(InetAddress.getByName("10.20.30.40")));
    }

    @Test
    void tenantForAddressShouldPickTheLongestIpv6Prefix() throws UnknownHostException {
        String wide = store.createTenant("Wide").id();
        String narrow = store.createTenant("Narrow").id();
        store.addNetwork(wide, "2001:db8::/32");
        assertEquals("2001:db8:1::/48", store.addNetwork(narrow, "2001:DB8:1:0::/48"));
        assertEquals(Optional.of(narrow), store.tenantForAddress(InetAddress.getByName("2001:db8:1::25")));
        assertEquals(Optional.of(wide), store.tenantForAddress(InetAddress.getByName("2001:db8:2::25")));
        assertEquals(Optional.empty(), store.tenantForAddress(InetAddress.getByName("2001:db9::1")));
        assertEquals(Optional.empty(), store.tenantForAddress(InetAddress.getByName("10.0.0.1")));
    }

    @Test
    void addNetworkShouldRefuseANetworkThatBelongsToAnotherTenant() {
        String first = store.createTenant("One").id();
        String second = store.createTenant("Two").id();
        store.addNetwork(first, "192.0.2.0/24");
        assertThrows(ConflictException.class, () -> store.addNetwork(second, "192.0.2.0/24"));
        assertThrows(ConflictException.class, () -> store.addNetwork(first, "192.0.2.0/24"));
        assertThrows(InvalidInputException.class, () -> store.addNetwork(first, "192.0.2.1/24"));
        assertEquals(List.of("192.0.2.0/24"), store.networks(first));
    }

    @Test
    void addDomainShouldNormalizeAndRefuseDuplicatesAndBadNames() {
        String id = store.createTenant("Shop").id();
        assertEquals("mail.example.com", store.addDomain(id, "Mail.Example.COM."));
        assertEquals("xn--bcher-kva.example", store.addDomain(id, "bücher.example"));
        assertThrows(ConflictException.class, () -> store.addDomain(id, "mail.example.com"));
        for (String bad : new String[] {"", "localhost", "-bad.example", "bad..example", "user@example.com", "a_b.example", "10.0.0.1"}) {
            assertThrows(InvalidInputException.class, () -> store.addDomain(id, bad), bad);
        }
        assertEquals(List.of("mail.example.com", "xn--bcher-kva.example"), store.domains(id));
        assertEquals(Set.of("mail.example.com", "xn--bcher-kva.example"), store.find(id).orElseThrow().domains());
        store.removeDomain(id, "MAIL.example.com");
        assertEquals(List.of("xn--bcher-kva.example"), store.domains(id));
        assertThrows(NotFoundException.class, () -> store.removeDomain(id, "mail.example.com"));
    }

    @Test
    void sameDomainMayBelongToTwoTenants() {
        String first = store.createTenant("One").id();
        String second = store.createTenant("Two").id();
        store.addDomain(first, "example.com");
        store.addDomain(second, "example.com");
        assertEquals(List.of("example.com"), store.domains(second));
    }

    @Test
    void setStatusShouldNeedAReasonUnlessActive() {
        String id = store.createTenant("Shop").id();
        assertThrows(InvalidInputException.class, () -> store.setStatus(id, TenantDirectory.Status.DISABLED, " "));
        store.setStatus(id, TenantDirectory.Status.DISABLED, "spam complaints");
        assertEquals("spam complaints", store.find(id).orElseThrow().statusReason());
        store.setStatus(id, TenantDirectory.Status.ACTIVE, "ignored");
        assertEquals("", store.find(id).orElseThrow().statusReason());
    }

    @Test
    void deleteTenantShouldFreeItsUsernamesAndNetworks() throws UnknownHostException {
        String gone = store.createTenant("Gone").id();
        store.addCredential(gone, "app", "a long enough secret");
        store.addNetwork(gone, "192.0.2.0/24");
        store.addDomain(gone, "example.com");
        store.deleteTenant(gone);
        assertEquals(Optional.empty(), store.find(gone));
        assertEquals(Optional.empty(), store.authenticate("app", "a long enough secret"));
        assertEquals(Optional.empty(), store.tenantForAddress(InetAddress.getByName("192.0.2.1")));
        String next = store.createTenant("Next").id();
        store.addCredential(next, "app", "a long enough secret");
        store.addNetwork(next, "192.0.2.0/24");
        assertThrows(NotFoundException.class, () -> store.deleteTenant(gone));
    }

    @Test
    void writesShouldNameAMissingTenant() {
        NotFoundException failure = assertThrows(NotFoundException.class, () -> store.addDomain("nope", "example.com"));
        assertTrue(failure.getMessage().contains("'nope'"), failure.getMessage());
    }
}
