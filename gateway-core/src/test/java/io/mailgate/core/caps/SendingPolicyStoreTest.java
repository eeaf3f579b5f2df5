package io.mailgate.core.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mailgate.api.SendingPolicies.Kind;
import io.mailgate.api.SendingPolicies.Policy;
import io.mailgate.api.SendingPolicies.Scope;
import io.mailgate.core.store.ConflictException;
import io.mailgate.core.store.Database;
import io.mailgate.core.store.InvalidInputException;
import io.mailgate.core.store.NotFoundException;
import io.mailgate.core.store.TenantStore;

class SendingPolicyStoreTest {

    @TempDir
    Path home;

    private Database database;
    private SendingPolicyStore store;
    private String tenant;

    @BeforeEach
    void open() {
        database = Database.open(home.resolve("db"));
        tenant = new TenantStore(database).createTenant("Shop").id();
        store = new SendingPolicyStore(database, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void validationShouldRefuseEachBrokenFieldWithAReason() {
        assertInvalid("maxMessages must be from 1 to 15, not 16", new PolicyInput(null, null, null, null, 16, 1, null));
        assertInvalid("maxMessages must be from 1 to 15, not 0", new PolicyInput(null, null, null, null, 0, 1, null));
        assertInvalid("periodDays must be from 1 to 16, not 17", new PolicyInput(null, null, null, null, 2, 17, null));
        assertInvalid("maxMessages and periodDays go together", new PolicyInput(null, null, null, null, 2, null, null));
        assertInvalid("scope is account, resource or mailing", new PolicyInput("campaign", null, null, null, 2, 1, null));
        assertInvalid("a resource policy needs the resource", new PolicyInput("resource", null, null, null, 2, 1, null));
        assertInvalid("an account policy covers all", new PolicyInput("account", "news", null, null, 2, 1, null));
        assertInvalid("a kind is one of recipient, recipient-resource, recipient-channel, contact, not 'profile'",
                new PolicyInput(null, null, null, List.of("profile"), 2, 1, null));
        assertInvalid("an access group is a name", new PolicyInput(null, null, null, null, 2, 1, List.of(" ")));

        Policy unlimited = new PolicyInput("mailing", null, "m-42", null, null, null, List.of("marketing")).toPolicy("p1", "t1");
        assertEquals(Scope.MAILING, unlimited.scope());
        assertEquals("m-42", unlimited.target());
        assertEquals(Set.of(Kind.RECIPIENT), unlimited.kinds(), "per recipient by default (CAP-3)");
        assertEquals(false, unlimited.limited(), "no limit is unlimited (CAP-1)");
    }

    @Test
    void policiesShouldBeFoundByScopeAndSurviveAReopen() {
        Policy account = store.create(tenant, new PolicyInput(null, null, null, List.of("recipient", "contact"), 5, 7,
                List.of("marketing"))).policy();
        Policy news = store.create(tenant, new PolicyInput("resource", "news", null, List.of("recipient-resource"), 2, 1,
                null)).policy();
        assertEquals(account, store.find(tenant, Scope.ACCOUNT, "").orElseThrow());
        assertEquals(news, store.find(tenant, Scope.RESOURCE, "news").orElseThrow());
        assertTrue(store.find(tenant, Scope.RESOURCE, "offers").isEmpty());
        assertEquals(Set.of(Kind.RECIPIENT, Kind.CONTACT, Kind.RECIPIENT_RESOURCE), store.countedKinds(tenant));
        assertThrows(ConflictException.class, () -> store.create(tenant, new PolicyInput("resource", "news", null, null, 3, 1, null)));

        store.replace(tenant, news.id(), new PolicyInput("resource", "news", null, List.of("recipient"), 3, 2, null));
        store = new SendingPolicyStore(database, Clock.systemUTC());
        Policy reloaded = store.find(tenant, Scope.RESOURCE, "news").orElseThrow();
        assertEquals(3, reloaded.maxMessages());
        assertEquals(news.id(), reloaded.id());
        assertEquals(List.of("marketing"), store.get(tenant, account.id()).policy().accessGroups());
        assertEquals(Set.of(Kind.RECIPIENT, Kind.CONTACT), store.countedKinds(tenant));

        store.delete(tenant, account.id());
        assertThrows(NotFoundException.class, () -> store.get(tenant, account.id()));
        assertEquals(1, store.list(tenant).size());
        assertThrows(NotFoundException.class, () -> store.get("other", news.id()), "another tenant sees nothing");
    }

    private static void assertInvalid(String expected, PolicyInput input) {
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> input.toPolicy("p", "t"));
        assertTrue(error.getMessage().startsWith(expected), error.getMessage());
    }
}
