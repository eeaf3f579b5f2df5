package io.mailgate.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailgate.api.DecisionJournal;
import io.mailgate.api.TenantDirectory;
import io.mailgate.api.Verdict;
import io.mailgate.core.metrics.GatewayMetrics;
import io.mailgate.core.store.Database;
import io.mailgate.core.store.JournalStore;
import io.mailgate.core.store.PasswordHasher;
import io.mailgate.core.store.TenantProfileStore;
import io.mailgate.core.store.TenantStore;
import io.mailgate.core.store.TenantTokenStore;
import io.mailgate.core.caps.SendingPolicyStore;
import io.mailgate.core.suppression.SuppressionStore;
import io.mailgate.core.domains.DomainSettings;
import io.mailgate.core.domains.KeyVault;
import io.mailgate.core.domains.SendingDomainService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class AdminServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Database database;
    private TenantStore tenants;
    private JournalStore journal;
    private GatewayMetrics metrics;
    private SendingDomainService domains;
    private TenantProfileStore profiles;
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private AdminServer server;
    private String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws IOException {
        database = Database.open(home.resolve("db"));
        tenants = new TenantStore(database, new PasswordHasher(1000));
        journal = new JournalStore(database);
        metrics = new GatewayMetrics();
        server = newServer();
        server.start();
        token = Files.readString(home.resolve("admin.token")).strip();
    }

    @AfterEach
    void stop() {
        server.stop();
        journal.close();
        database.close();
    }

    // ---- the token ----

    @Test
    void startShouldCreateAnOwnerOnlyTokenFileAndReuseItOnRestart() throws Exception {
        Path file = home.resolve("admin.token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
        server.stop();
        server = newServer();
        server.start();
        assertEquals(token, Files.readString(file).strip());
        assertEquals(200, send("GET", "/api/v1/tenants", null).statusCode());
    }

    @Test
    void baseUriShouldReportTheBoundPort() {
        URI base = server.baseUri();
        assertEquals("127.0.0.1", base.getHost());
        assertNotEquals(0, base.getPort());
    }

    @Test
    void apiShouldAnswer401WithoutAToken() throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1/tenants", null, null);
        assertProblem(response, 401);
        assertEquals("Bearer realm=\"mailgate\"", response.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(detail(response).contains("Authorization: Bearer"), response.body());
    }

    @Test
    void apiShouldAnswer401ForAWrongTokenEvenOnUnknownRoutes() throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1/tenants", null, "Bearer " + token + "x");
        assertProblem(response, 401);
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_token\""));
        assertProblem(send("GET", "/api/v1/secret-route", null, "Bearer nope"), 401);
        assertProblem(send("GET", "/api/v1/tenants", null, "Basic " + token), 401);
    }

    @Test
    void adminRoutesShouldAnswer403ToATenantToken() throws Exception {
        server.stop();
        server = newServer();
        server.addTokenAuthenticator(given -> given.equals("tenant-token")
                ? Optional.of(new ApiPrincipal("shop-user", Role.TENANT_USER, Optional.of("t1")))
                : Optional.empty());
        server.start();
        assertProblem(send("GET", "/api/v1/tenants", null, "Bearer tenant-token"), 403);
        assertEquals(200, send("GET", "/api/v1/tenants", null).statusCode());
    }

    // ---- tenants ----

    @Test
    void tenantShouldBeCreatedAndReadBack() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/tenants", "{\"name\":\"Shop\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode tenant = JSON.readTree(created.body());
        String id = tenant.get("id").asText();
        assertEquals("Shop", tenant.get("name").asText());
        assertEquals("active", tenant.get("status").asText());
        assertEquals(server.baseUri().resolve("/api/v1/tenants/" + id).toString(),
                created.headers().firstValue("Location").orElse(""));

        JsonNode read = JSON.readTree(send("GET", "/api/v1/tenants/" + id, null).body());
        assertEquals(tenant, read);
        JsonNode list = JSON.readTree(send("GET", "/api/v1/tenants", null).body());
        assertEquals(id, list.get("items").get(0).get("id").asText());
    }

    @Test
    void patchShouldSetStatusAndReason() throws Exception {
        String id = createTenant("Shop");
        HttpResponse<String> patched = send("PATCH", "/api/v1/tenants/" + id,
                "{\"status\":\"suspended\",\"reason\":\"unpaid invoice, contact billing\"}");
        assertEquals(200, patched.statusCode(), patched.body());
        assertEquals("suspended", JSON.readTree(patched.body()).get("status").asText());
        TenantDirectory.Tenant tenant = tenants.find(id).orElseThrow();
        assertEquals(TenantDirectory.Status.SUSPENDED, tenant.status());
        assertEquals("unpaid invoice, contact billing", tenant.statusReason());

        assertProblem(send("PATCH", "/api/v1/tenants/" + id, "{\"status\":\"paused\",\"reason\":\"x\"}"), 422);
        assertProblem(send("PATCH", "/api/v1/tenants/" + id, "{\"status\":\"disabled\"}"), 422);
        assertProblem(send("PATCH", "/api/v1/tenants/nope", "{\"status\":\"active\"}"), 404);
    }

    @Test
    void deleteShouldRemoveTheTenant() throws Exception {
        String id = createTenant("Shop");
        assertEquals(204, send("DELETE", "/api/v1/tenants/" + id, null).statusCode());
        assertProblem(send("GET", "/api/v1/tenants/" + id, null), 404);
        assertProblem(send("DELETE", "/api/v1/tenants/" + id, null), 404);
    }

    // ---- credentials, networks, domains ----

    @Test
    void credentialShouldBeAddedListedAndRemovedWithoutShowingThePassword() throws Exception {
        String id = createTenant("Shop");
        String path = "/api/v1/tenants/" + id + "/smtp-credentials";
        HttpResponse<String> added = send("POST", path, "{\"username\":\"shop-app\",\"password\":\"a long enough secret\"}");
        assertEquals(201, added.statusCode(), added.body());
        assertFalse(added.body().contains("secret"), added.body());
        assertEquals(Optional.of(id), tenants.authenticate("shop-app", "a long enough secret"));

        HttpResponse<String> list = send("GET", path, null);
        assertEquals("{\"items\":[{\"username\":\"shop-app\"}]}", list.body());

        assertProblem(send("POST", path, "{\"username\":\"shop-app\",\"password\":\"another long secret\"}"), 409);
        HttpResponse<String> weak = send("POST", path, "{\"username\":\"other\",\"password\":\"short\"}");
        assertProblem(weak, 422);
        assertTrue(detail(weak).contains("at least 12"), weak.body());

        assertEquals(204, send("DELETE", path + "/shop-app", null).statusCode());
        assertProblem(send("DELETE", path + "/shop-app", null), 404);
        assertEquals(Optional.empty(), tenants.authenticate("shop-app", "a long enough secret"));
    }

    @Test
    void networkShouldBeAddedInCanonicalFormAndRemovedByQuery() throws Exception {
        String id = createTenant("Shop");
        String path = "/api/v1/tenants/" + id + "/networks";
        HttpResponse<String> added = send("POST", path, "{\"cidr\":\"2001:DB8:0::/32\"}");
        assertEquals(201, added.statusCode(), added.body());
        assertEquals("{\"cidr\":\"2001:db8::/32\"}", added.body());
        assertEquals(201, send("POST", path, "{\"cidr\":\"192.0.2.0/24\"}").statusCode());
        assertEquals("{\"items\":[{\"cidr\":\"192.0.2.0/24\"},{\"cidr\":\"2001:db8::/32\"}]}", send("GET", path, null).body());
        assertEquals(Optional.of(id), tenants.tenantForAddress(InetAddress.getByName("2001:db8::25")));

        HttpResponse<String> bad = send("POST", path, "{\"cidr\":\"192.0.2.1/24\"}");
        assertProblem(bad, 422);
        assertTrue(detail(bad).contains("did you mean 192.0.2.0/24?"), bad.body());

        assertEquals(204, send("DELETE", path + "?cidr=2001:db8::/32", null).statusCode());
        assertEquals(204, send("DELETE", path + "?cidr=192.0.2.0%2F24", null).statusCode());
        assertProblem(send("DELETE", path + "?cidr=192.0.2.0/24", null), 404);
        assertProblem(send("DELETE", path, null), 400);
        assertEquals("{\"items\":[]}", send("GET", path, null).body());
    }

    @Test
    void domainShouldBeAddedReadAndRemoved() throws Exception {
        String id = createTenant("Shop");
        String path = "/api/v1/tenants/" + id + "/domains";
        HttpResponse<String> added = send("POST", path, "{\"domain\":\"Mail.Example.COM.\"}");
        assertEquals(201, added.statusCode(), added.body());
        JsonNode domain = JSON.readTree(added.body());
        assertEquals("mail.example.com", domain.get("domain").asText());
        assertFalse(domain.get("verified").asBoolean());
        assertEquals(6, domain.get("records").size(), added.body());
        assertEquals("_mailgate.mail.example.com", domain.get("records").get(0).get("name").asText());
        assertEquals("unchecked", domain.get("records").get(0).get("status").asText());
        assertEquals("v=spf1 ip4:192.0.2.10 -all", domain.get("records").get(1).get("value").asText());
        assertTrue(domain.get("records").get(2).get("value").asText().startsWith("v=DKIM1; k=rsa; p="));
        assertTrue(domain.get("records").get(3).get("value").asText().startsWith("v=DKIM1; k=ed25519; p="));
        assertEquals("_dmarc.mail.example.com", domain.get("records").get(4).get("name").asText());
        assertEquals("mail.example.com", JSON.readTree(send("GET", path, null).body()).get("items").get(0).get("domain").asText());
        assertEquals(added.body(), send("GET", path + "/MAIL.example.com", null).body());
        assertProblem(send("POST", path, "{\"domain\":\"mail.example.com\"}"), 409);
        assertProblem(send("POST", path, "{\"domain\":\"not a domain\"}"), 422);
        assertProblem(send("POST", path, "{\"domain\":\"co.uk\"}"), 422);
        assertTrue(detail(send("POST", path, "{\"domain\":\"CO.UK.\"}")).contains("public suffix"));
        assertProblem(send("POST", path, "{\"domain\":"), 400);
        assertProblem(send("POST", "/api/v1/tenants/nobody/domains", "{\"domain\":\"example.org\"}"), 404);
        assertEquals(204, send("DELETE", path + "/mail.example.com", null).statusCode());
        assertProblem(send("GET", path + "/mail.example.com", null), 404);
        assertProblem(send("POST", path + "/mail.example.com/verify", null), 404);
    }

    @Test
    void internationalizedDomainShouldBeStoredAsPunycode() throws Exception {
        String id = createTenant("Books");
        HttpResponse<String> added = send("POST", "/api/v1/tenants/" + id + "/domains", "{\"domain\":\"Bücher.Example.\"}");
        assertEquals(201, added.statusCode(), added.body());
        assertEquals("xn--bcher-kva.example", JSON.readTree(added.body()).get("domain").asText());
        assertEquals(List.of("xn--bcher-kva.example"), List.copyOf(tenants.find(id).orElseThrow().domains()));
    }

    @Test
    void attestationShouldVerifyADomainWithoutDns() throws Exception {
        String id = createTenant("Intranet");
        String path = "/api/v1/tenants/" + id + "/domains";
        send("POST", path, "{\"domain\":\"corp.example\"}");
        HttpResponse<String> attested = send("PUT", path + "/corp.example/attestation", "{\"note\":\"internal domain\"}");
        assertEquals(200, attested.statusCode(), attested.body());
        JsonNode domain = JSON.readTree(attested.body());
        assertTrue(domain.get("verified").asBoolean());
        assertEquals("internal domain", domain.get("attestation").get("note").asText());
        assertTrue(domains.covering(id, "news.CORP.example.").orElseThrow().verified());
        assertEquals(2, domains.covering(id, "corp.example").orElseThrow().keys().size());
        assertProblem(send("PUT", path + "/corp.example/attestation", "{\"note\":\" \"}"), 422);
        assertProblem(send("PUT", path + "/corp.example/attestation", "{\"remark\":\"x\"}"), 400);

        HttpResponse<String> removed = send("DELETE", path + "/corp.example/attestation", null);
        assertEquals(200, removed.statusCode(), removed.body());
        assertFalse(JSON.readTree(removed.body()).get("verified").asBoolean());
        assertTrue(JSON.readTree(removed.body()).get("attestation").isNull());
        assertProblem(send("DELETE", path + "/corp.example/attestation", null), 404);
        assertFalse(domains.covering(id, "corp.example").orElseThrow().verified());
    }

    // ---- journal ----

    @Test
    void journalShouldPageRecordedEntriesNewestFirst() throws Exception {
        for (int i = 1; i <= 3; i++) {
            journal.record(new DecisionJournal.Entry(Instant.parse("2025-01-02T03:04:0" + i + "Z"), "<m" + i + "@example.com>",
                    "t1", "r@example.com", "suppression", Verdict.Kind.SKIP_RECIPIENT, "SUP-1", "unsubscribed"));
        }
        journal.record(new DecisionJournal.Entry(Instant.now(), "<other@example.com>", "t2", "", "auth", Verdict.Kind.REJECT,
                "AUTH-1", "relay denied"));
        journal.flush();

        JsonNode first = JSON.readTree(send("GET", "/api/v1/journal?tenant=t1&limit=2", null).body());
        assertEquals(2, first.get("items").size());
        JsonNode newest = first.get("items").get(0);
        assertEquals("<m3@example.com>", newest.get("messageId").asText());
        assertEquals("skip-recipient", newest.get("verdict").asText());
        assertEquals("SUP-1", newest.get("policyId").asText());
        assertEquals("2025-01-02T03:04:03Z", newest.get("time").asText());
        String cursor = first.get("nextCursor").asText();

        JsonNode second = JSON.readTree(send("GET", "/api/v1/journal?tenant=t1&limit=2&cursor=" + cursor, null).body());
        assertEquals(1, second.get("items").size());
        assertEquals("<m1@example.com>", second.get("items").get(0).get("messageId").asText());
        assertTrue(second.get("nextCursor").isNull());

        JsonNode byMessage = JSON.readTree(send("GET", "/api/v1/journal?message=%3Cother@example.com%3E", null).body());
        assertEquals("reject", byMessage.get("items").get(0).get("verdict").asText());

        assertProblem(send("GET", "/api/v1/journal?limit=lots", null), 400);
        assertProblem(send("GET", "/api/v1/journal?limit=0", null), 422);
        assertProblem(send("GET", "/api/v1/journal?cursor=xyz", null), 422);
    }

    // ---- errors ----

    @Test
    void unknownRouteShouldAnswer404AsAProblem() throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1/nothing-here", null);
        assertProblem(response, 404);
        JsonNode problem = JSON.readTree(response.body());
        assertEquals("about:blank", problem.get("type").asText());
        assertEquals("Not Found", problem.get("title").asText());
        assertTrue(problem.get("detail").asText().contains("/api/v1/nothing-here"));
        assertTrue(problem.get("instance").asText().startsWith("urn:uuid:"));
        assertProblem(send("GET", "/index.html", null, null), 404);
    }

    @Test
    void errorsShouldBeProblemsWhateverTheClientAccepts() throws Exception {
        for (String path : new String[] {"/api/v1/nothing-here", "/api/v1/tenants"}) {
            HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "text/html")
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), response.body());
            assertFalse(response.body().contains("<html"), response.body());
        }
    }

    @Test
    void wrongMethodShouldAnswer405WithAllow() throws Exception {
        HttpResponse<String> response = send("PUT", "/api/v1/tenants", "{}");
        assertProblem(response, 405);
        assertTrue(response.headers().firstValue("Allow").orElse("").contains("POST"), response.headers().toString());
    }

    @Test
    void brokenJsonShouldAnswer400SayingWhatIsWrong() throws Exception {
        HttpResponse<String> truncated = send("POST", "/api/v1/tenants", "{\"name\": ");
        assertProblem(truncated, 400);
        assertEquals("the JSON body ends before it is complete", detail(truncated));

        HttpResponse<String> garbage = send("POST", "/api/v1/tenants", "{name: 'x'}");
        assertProblem(garbage, 400);
        assertEquals("the body is not valid JSON (line 1, column 2)", detail(garbage));

        HttpResponse<String> typo = send("POST", "/api/v1/tenants", "{\"nmae\":\"Shop\"}");
        assertProblem(typo, 400);
        assertEquals("unknown field 'nmae'; the fields are 'name'", detail(typo));

        HttpResponse<String> number = send("POST", "/api/v1/tenants", "{\"name\":5}");
        assertProblem(number, 400);
        assertEquals("the field 'name' must be a string", detail(number));

        assertProblem(send("POST", "/api/v1/tenants", "[1,2]"), 400);
        HttpResponse<String> empty = send("POST", "/api/v1/tenants", "");
        assertProblem(empty, 400);
        assertEquals("the request needs a JSON object as its body", detail(empty));
        for (HttpResponse<String> response : new HttpResponse[] {truncated, garbage, typo, number, empty}) {
            assertFalse(response.body().toLowerCase().contains("jackson"), response.body());
            assertFalse(response.body().contains("Source:"), response.body());
        }
    }

    @Test
    void missingNameShouldAnswer422() throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/tenants", "{}");
        assertProblem(response, 422);
        assertEquals("urn:mailgate:problem:invalid-input", JSON.readTree(response.body()).get("type").asText());
    }

    @Test
    void wrongContentTypeShouldAnswer415AsAProblem() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/tenants"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("Shop"))
                .build();
        assertProblem(http.send(request, HttpResponse.BodyHandlers.ofString()), 415);
    }

    @Test
    void storeFailureShouldAnswer500WithTheInstanceInTheLog() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(ProblemMapper.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            database.close();
            HttpResponse<String> response = send("POST", "/api/v1/tenants", "{\"name\":\"Shop\"}");
            assertProblem(response, 500);
            String instance = JSON.readTree(response.body()).get("instance").asText();
            assertFalse(response.body().contains("SQL"), response.body());
            assertFalse(response.body().contains("at io.mailgate"), response.body());
            ILoggingEvent event = appender.list.stream().filter(e -> e.getLevel() == Level.ERROR).findFirst().orElseThrow();
            assertTrue(event.getFormattedMessage().contains(instance), event.getFormattedMessage());
            assertTrue(event.getThrowableProxy() != null, "the stack trace goes to the log");
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void requestJettyRefusesShouldStillGetAProblem() throws Exception {
        String raw = exchange("GET /api/v1/tenants/%2e%2e/%2e%2e/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(raw.startsWith("HTTP/1.1 400"), raw);
        assertTrue(raw.contains("Content-Type: application/problem+json"), raw);
        assertFalse(raw.contains("<html"), raw);

        String badHeader = exchange("GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\nConnection: close\r\n\r\n");
        assertTrue(badHeader.startsWith("HTTP/1.1 400"), badHeader);
        assertFalse(badHeader.contains("<html"), badHeader);
    }

    // ---- suppression lists ----

    @Test
    void suppressionsShouldBeAddedReadListedAndRemovedPerTenant() throws Exception {
        String id = createTenant("acme");
        HttpResponse<String> added = send("POST", "/api/v1/tenants/" + id + "/suppressions",
                "{\"address\":\"Reader@Example.ORG\",\"reason\":\"unsubscribe\"}");
        assertEquals(201, added.statusCode(), added.body());
        JsonNode entry = JSON.readTree(added.body());
        assertEquals("reader@example.org", entry.get("address").asText());
        assertEquals("SUP-1", entry.get("policyId").asText());
        assertEquals(200, send("GET", "/api/v1/tenants/" + id + "/suppressions/reader@example.org", null).statusCode());
        JsonNode page = JSON.readTree(send("GET", "/api/v1/tenants/" + id + "/suppressions?reason=unsubscribe", null).body());
        assertEquals(1, page.get("items").size());
        assertEquals(204, send("DELETE", "/api/v1/tenants/" + id + "/suppressions/reader@example.org", null).statusCode());
        assertProblem(send("GET", "/api/v1/tenants/" + id + "/suppressions/reader@example.org", null), 404);
        assertProblem(send("GET", "/api/v1/tenants/nope/suppressions", null), 404);
        assertProblem(send("POST", "/api/v1/tenants/" + id + "/suppressions", "{\"address\":\"a@b.example\",\"reason\":\"trap\"}"), 422);
        assertProblem(send("POST", "/api/v1/suppressions", "{\"address\":\"a@b.example\",\"resource\":\"news\"}"), 400);
        assertProblem(send("GET", "/api/v1/tenants/" + id + "/suppressions?limit=0", null), 400);
    }

    @Test
    void importShouldReportBrokenLinesAndExportShouldStreamCsv() throws Exception {
        String id = createTenant("acme");
        String csv = "address,reason\na@example.org,complaint\nnot-an-address\nb@example.org\n";
        HttpResponse<String> refused = sendCsv("/api/v1/tenants/" + id + "/suppressions/import", csv);
        assertProblem(refused, 422);
        JsonNode problem = JSON.readTree(refused.body());
        assertEquals(3, problem.get("rejected").get(0).get("line").asInt());
        assertEquals(0, problem.get("imported").asInt());
        HttpResponse<String> partial = sendCsv("/api/v1/tenants/" + id + "/suppressions/import?mode=valid-lines", csv);
        assertEquals(200, partial.statusCode(), partial.body());
        assertEquals(2, JSON.readTree(partial.body()).get("imported").asInt());
        HttpResponse<String> export = send("GET", "/api/v1/tenants/" + id + "/suppressions/export", null);
        assertEquals(200, export.statusCode());
        assertTrue(export.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertEquals(3, export.body().lines().count(), export.body());
        assertTrue(export.body().contains("a@example.org,complaint,,import,"), export.body());
    }

    private HttpResponse<String> sendCsv(String path, String csv) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).POST(HttpRequest.BodyPublishers.ofString(csv))
                .header("Content-Type", "text/csv").header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---- tenant tokens and isolation ----

    @Test
    void tenantTokenShouldBeShownOnceStoredAsAHashListedAndRevoked() throws Exception {
        String id = createTenant("Shop");
        HttpResponse<String> issued = send("POST", "/api/v1/tenants/" + id + "/tokens", "{\"role\":\"tenant-user\"}");
        assertEquals(201, issued.statusCode(), issued.body());
        JsonNode body = JSON.readTree(issued.body());
        String secret = body.get("token").asText();
        String tokenId = body.get("id").asText();
        assertEquals("tenant-user", body.get("role").asText());
        assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), secret);
        try (var connection = database.connection();
             var rows = connection.createStatement().executeQuery("SELECT token_hash FROM tenant_token")) {
            rows.next();
            assertNotEquals(secret, rows.getString(1).strip());
            assertEquals(64, rows.getString(1).strip().length());
        }
        HttpResponse<String> list = send("GET", "/api/v1/tenants/" + id + "/tokens", null);
        assertFalse(list.body().contains(secret), list.body());
        assertEquals(tokenId, JSON.readTree(list.body()).get("items").get(0).get("id").asText());

        assertEquals(200, send("GET", "/api/v1/tenants/" + id, null, "Bearer " + secret).statusCode());
        assertProblem(send("POST", "/api/v1/tenants/" + id + "/tokens", "{\"role\":\"admin\"}"), 422);
        assertEquals(204, send("DELETE", "/api/v1/tenants/" + id + "/tokens/" + tokenId, null).statusCode());
        assertProblem(send("GET", "/api/v1/tenants/" + id, null, "Bearer " + secret), 401);
        assertProblem(send("DELETE", "/api/v1/tenants/" + id + "/tokens/" + tokenId, null), 404);
        assertProblem(send("POST", "/api/v1/tenants/nope/tokens", "{\"role\":\"tenant-user\"}"), 404);
    }

    @Test
    void tenantTokenShouldReachItsOwnTenantOnly() throws Exception {
        String shop = createTenant("Shop");
        String other = createTenant("Other");
        String user = "Bearer " + tenantToken(shop, "tenant-user");
        // Another tenant's routes, and any made-up id, look the same: 404, whatever the route.
        for (String path : new String[] {"/api/v1/tenants/" + other, "/api/v1/tenants/" + other + "/suppressions",
                "/api/v1/tenants/" + other + "/sending-policies", "/api/v1/tenants/" + other + "/tokens",
                "/api/v1/tenants/" + other + "/domains", "/api/v1/tenants/nope/networks"}) {
            HttpResponse<String> response = send("GET", path, null, user);
            assertProblem(response, 404);
            assertTrue(detail(response).startsWith("there is no tenant with id"), response.body());
        }
        assertProblem(send("POST", "/api/v1/tenants/" + other + "/suppressions", "{\"address\":\"a@example.org\"}", user), 404);
        assertNotEquals(200, send("GET", "/api/v1//tenants/" + other + "/suppressions", null, user).statusCode());
        // Admin-only routes: 403.
        assertProblem(send("GET", "/api/v1/tenants", null, user), 403);
        assertProblem(send("POST", "/api/v1/tenants", "{\"name\":\"Mine\"}", user), 403);
        assertProblem(send("PATCH", "/api/v1/tenants/" + shop, "{\"status\":\"active\"}", user), 403);
        assertProblem(send("GET", "/api/v1/suppressions", null, user), 403);
        assertProblem(send("GET", "/api/v1/journal", null, user), 403);
        assertProblem(send("GET", "/api/v1/tenants/" + shop + "/tokens", null, user), 403);
        assertProblem(send("POST", "/api/v1/tenants/" + shop + "/networks", "{\"cidr\":\"192.0.2.0/24\"}", user), 403);
        // Its own tenant: reads, and suppression writes.
        assertEquals(200, send("GET", "/api/v1/tenants/" + shop + "/domains", null, user).statusCode());
        assertEquals(200, send("GET", "/api/v1/tenants/" + shop + "/networks", null, user).statusCode());
        assertEquals(200, send("GET", "/api/v1/tenants/" + shop + "/smtp-credentials", null, user).statusCode());
        HttpResponse<String> added = send("POST", "/api/v1/tenants/" + shop + "/suppressions",
                "{\"address\":\"reader@example.org\",\"reason\":\"unsubscribe\"}", user);
        assertEquals(201, added.statusCode(), added.body());
        assertEquals(204, send("DELETE", "/api/v1/tenants/" + shop + "/suppressions/reader@example.org", null, user).statusCode());
    }

    // ---- sending policies ----

    @Test
    void sendingPoliciesShouldBeWrittenByAdminAndMasterOnlyAndReadByUsers() throws Exception {
        String shop = createTenant("Shop");
        String other = createTenant("Other");
        String master = "Bearer " + tenantToken(shop, "tenant-master");
        String user = "Bearer " + tenantToken(shop, "tenant-user");
        String path = "/api/v1/tenants/" + shop + "/sending-policies";

        HttpResponse<String> created = send("POST", path, "{\"scope\":\"resource\",\"resource\":\"news\","
                + "\"kinds\":[\"recipient\",\"recipient-resource\"],\"maxMessages\":2,\"periodDays\":1,"
                + "\"accessGroups\":[\"marketing\"]}", master);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode policy = JSON.readTree(created.body());
        String policyId = policy.get("id").asText();
        assertEquals("resource", policy.get("scope").asText());
        assertEquals("news", policy.get("resource").asText());
        assertEquals("[\"recipient\",\"recipient-resource\"]", policy.get("kinds").toString());
        assertEquals(2, policy.get("maxMessages").asInt());
        assertEquals("[\"marketing\"]", policy.get("accessGroups").toString());

        HttpResponse<String> account = send("POST", path, "{\"maxMessages\":5,\"periodDays\":7}");
        assertEquals(201, account.statusCode(), account.body());
        assertEquals("account", JSON.readTree(account.body()).get("scope").asText());

        // CAP-5: a user token reads, but does not write.
        assertEquals(2, JSON.readTree(send("GET", path, null, user).body()).get("items").size());
        assertEquals(policyId, JSON.readTree(send("GET", path + "/" + policyId, null, user).body()).get("id").asText());
        assertProblem(send("POST", path, "{\"scope\":\"mailing\",\"mailing\":\"m1\"}", user), 403);
        assertProblem(send("PUT", path + "/" + policyId, "{\"maxMessages\":3,\"periodDays\":1}", user), 403);
        assertProblem(send("DELETE", path + "/" + policyId, null, user), 403);

        HttpResponse<String> replaced = send("PUT", path + "/" + policyId,
                "{\"scope\":\"resource\",\"resource\":\"news\",\"maxMessages\":3,\"periodDays\":2}", master);
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertEquals(3, JSON.readTree(replaced.body()).get("maxMessages").asInt());
        assertEquals("[\"recipient\"]", JSON.readTree(replaced.body()).get("kinds").toString());

        HttpResponse<String> tooMany = send("POST", path, "{\"scope\":\"mailing\",\"mailing\":\"m1\",\"maxMessages\":20,"
                + "\"periodDays\":1}", master);
        assertProblem(tooMany, 422);
        assertEquals("maxMessages must be from 1 to 15, not 20", detail(tooMany));
        assertProblem(send("POST", path, "{\"scope\":\"mailing\",\"mailing\":\"m1\",\"maxMessages\":2,\"periodDays\":0}"), 422);
        assertProblem(send("POST", path, "{\"scope\":\"resource\",\"resource\":\"news\"}"), 409);
        assertProblem(send("POST", path, "{\"maxMessages\":\"two\",\"periodDays\":1}"), 400);

        // Across tenants: 404 for the tenant's own tokens, even for a policy id that exists.
        assertProblem(send("GET", "/api/v1/tenants/" + other + "/sending-policies/" + policyId, null, master), 404);
        assertProblem(send("GET", "/api/v1/tenants/" + other + "/sending-policies/" + policyId, null), 404);
        assertProblem(send("DELETE", "/api/v1/tenants/" + other + "/sending-policies", null, master), 404);

        assertEquals(204, send("DELETE", path + "/" + policyId, null, master).statusCode());
        assertProblem(send("GET", path + "/" + policyId, null), 404);
    }

    // ---- tenant profiles ----

    @Test
    void profileShouldSayWhatIsMissingAndBeWrittenByAdminAndMasterOnly() throws Exception {
        String shop = createTenant("Shop");
        String master = "Bearer " + tenantToken(shop, "tenant-master");
        String user = "Bearer " + tenantToken(shop, "tenant-user");
        String path = "/api/v1/tenants/" + shop + "/profile";
        assertProblem(send("GET", path, null), 404);

        HttpResponse<String> partial = send("PUT", path, "{\"company\":\"Shop Ltd\",\"phone\":\"+1 555 0100\"}", master);
        assertEquals(200, partial.statusCode(), partial.body());
        JsonNode profile = JSON.readTree(partial.body());
        assertFalse(profile.get("complete").asBoolean());
        assertEquals("[\"address\",\"registerName\",\"registrationNumber\",\"contactEmail or contactUrl\"]",
                profile.get("missing").toString());

        HttpResponse<String> full = send("PUT", path, "{\"company\":\"Shop Ltd\",\"address\":\"1 High St, Springfield\","
                + "\"registerName\":\"Companies House\",\"registrationNumber\":\"01234567\",\"phone\":\"+1 555 0100\","
                + "\"contactUrl\":\"https://shop.example/contact\"}");
        assertEquals(200, full.statusCode(), full.body());
        assertTrue(JSON.readTree(full.body()).get("complete").asBoolean(), full.body());
        assertEquals("Companies House", JSON.readTree(send("GET", path, null, user).body()).get("registerName").asText());
        assertEquals("Companies House", profiles.profile(shop).orElseThrow().registerName());
        assertProblem(send("PUT", path, "{\"company\":\"Other\"}", user), 403);

        HttpResponse<String> badEmail = send("PUT", path, "{\"contactEmail\":\"not an address\"}");
        assertProblem(badEmail, 422);
        assertTrue(detail(badEmail).startsWith("contactEmail 'not an address' is not a valid address"), badEmail.body());
        assertProblem(send("PUT", path, "{\"contactUrl\":\"javascript:alert(1)\"}"), 422);
        assertProblem(send("PUT", "/api/v1/tenants/nobody/profile", "{\"company\":\"X\"}"), 404);
        // A refused write leaves the profile as it was.
        assertTrue(JSON.readTree(send("GET", path, null).body()).get("complete").asBoolean());
    }

    private String tenantToken(String tenantId, String role) throws Exception {
        HttpResponse<String> issued = send("POST", "/api/v1/tenants/" + tenantId + "/tokens", "{\"role\":\"" + role + "\"}");
        assertEquals(201, issued.statusCode(), issued.body());
        return JSON.readTree(issued.body()).get("token").asText();
    }

    // ---- health and metrics ----

    @Test
    void healthShouldFollowTheSupplierWithoutAToken() throws Exception {
        HttpResponse<String> up = send("GET", "/health", null, null);
        assertEquals(200, up.statusCode());
        assertEquals("{\"status\":\"up\"}", up.body());
        healthy.set(false);
        assertProblem(send("GET", "/health", null, null), 503);
    }

    @Test
    void metricsShouldServePrometheusTextWithoutAToken() throws Exception {
        metrics.accepted();
        metrics.rejected("relay_denied");
        HttpResponse<String> response = send("GET", "/metrics", null, null);
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("\nmailgate_messages_accepted_total 1\n"), response.body());
        assertTrue(response.body().contains("mailgate_messages_rejected_total{reason=\"relay_denied\"} 1\n"), response.body());
    }

    // ---- helpers ----

    private AdminServer newServer() throws IOException {
        if (domains == null) {
            // No resolver is ever asked here: these tests do not verify.
            domains = new SendingDomainService(database, tenants, journal, KeyVault.loadOrCreate(home.resolve("keys/master.key")),
                    new DomainSettings(List.of("192.0.2.10"), List.of(), Duration.ofSeconds(1), Duration.ofHours(1)));
        }
        AdminServer admin = new AdminServer(new InetSocketAddress("127.0.0.1", 0), home, tenants, journal, domains,
                new SuppressionStore(database, java.time.Clock.systemUTC()), metrics,
                new SendingPolicyStore(database, java.time.Clock.systemUTC()), new TenantTokenStore(database), healthy::get);
        profiles = new TenantProfileStore(database, tenants, java.time.Clock.systemUTC());
        admin.addService(TenantProfileStore.class, profiles);
        admin.addResources(TenantProfileResource.class);
        return admin;
    }

    private String createTenant(String name) throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/tenants", "{\"name\":\"" + name + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        return JSON.readTree(created.body()).get("id").asText();
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        return send(method, path, json, "Bearer " + token);
    }

    private HttpResponse<String> send(String method, String path, String json, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String exchange(String request) throws IOException {
        URI base = server.baseUri();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertProblem(HttpResponse<String> response, int status) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), response.body());
        JsonNode problem = JSON.readTree(response.body());
        assertEquals(status, problem.get("status").asInt());
        for (String field : new String[] {"type", "title", "detail", "instance"}) {
            assertTrue(problem.hasNonNull(field), "missing " + field + " in " + response.body());
        }
        assertFalse(response.body().contains("Exception"), response.body());
    }

    private static String detail(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).get("detail").asText();
    }
}
