package io.mailgate.systemtest;

import static io.mailgate.systemtest.TestZone.txt;
import static io.mailgate.systemtest.TestZone.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mailgate.api.SendingDomains;
import io.mailgate.core.store.JournalStore;

/**
 * Onboarding of a sending domain over the REST API, against a real gateway and a real DNS server
 * (dnsmasq on 127.0.0.57:53, restarted with other records between phases): records missing, then
 * wrong, then right; then they disappear and the scheduled re-check unverifies the domain. Then the
 * inputs that must not crash anything: an SPF include loop, upper case and a trailing dot, an IDN.
 */
class DomainOnboardingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SENDING_IP = "192.0.2.10";
    private static final InetAddress DNS_ADDRESS = loopback("127.0.0.57");

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();
    private URI api;
    private String token;

    @Test
    void domainShouldFollowItsRecordsFromMissingToWrongToRightAndBackToUnverified() throws Exception {
        Path dnsLog = Files.createDirectories(home.resolve("dns")).resolve("dnsmasq.log");
        try (GatewayFixture fixture = gateway()) {
            String tenant = fixture.gateway.tenants().createTenant("acme").id();
            String domains = "api/v1/tenants/" + tenant + "/domains";

            JsonNode added = send("POST", domains, "{\"domain\":\"acme.test\"}", 201);
            String ownership = record(added, "_mailgate.acme.test").get("value").asText();
            JsonNode rsa = dkim(added, "k=rsa");
            JsonNode ed25519 = dkim(added, "k=ed25519");
            assertTrue(rsa.get("value").asText().length() > 255, "an RSA-2048 key needs more than one TXT string");

            // 1. nothing published
            try (DnsServer dns = DnsServer.start(DNS_ADDRESS, zone(), dnsLog)) {
                JsonNode checked = send("POST", domains + "/acme.test/verify", null, 200);
                assertFalse(checked.get("verified").asBoolean(), checked.toString());
                assertStatus(checked, "_mailgate.acme.test", "missing", "no TXT record at _mailgate.acme.test");
                assertStatus(checked, "acme.test", "missing", "no SPF record");
                assertStatus(checked, rsa.get("name").asText(), "missing", "no TXT record at " + rsa.get("name").asText());
                assertStatus(checked, "_dmarc.acme.test", "missing", "no DMARC record");
                assertTrue(checked.get("reason").asText().contains("no TXT record at _mailgate.acme.test"), checked.toString());
            }

            // 2. published, but wrong: SPF without the gateway, another DKIM key, DMARC p=none
            try (DnsServer dns = DnsServer.start(DNS_ADDRESS, zone(
                    txt("_mailgate.acme.test", "mailgate-verification=someone-else"),
                    txt("acme.test", "v=spf1 ip4:192.0.2.99 ~all"),
                    txt(rsa.get("name").asText(), "v=DKIM1; k=rsa; p=" + otherRsaKey()),
                    txt(ed25519.get("name").asText(), "v=DKIM1; k=rsa; p=" + otherRsaKey()),
                    txt("_dmarc.acme.test", "v=DMARC1; p=none")), dnsLog)) {
                JsonNode checked = send("POST", domains + "/acme.test/verify", null, 200);
                assertFalse(checked.get("verified").asBoolean(), checked.toString());
                assertStatus(checked, "_mailgate.acme.test", "wrong", "does not hold this domain's token");
                assertStatus(checked, "acme.test", "wrong",
                        "SPF for acme.test ends in ~all without authorizing " + SENDING_IP + ": add ip4:" + SENDING_IP);
                assertStatus(checked, rsa.get("name").asText(), "wrong",
                        "the DKIM key published at " + rsa.get("name").asText() + " is not the gateway's key");
                assertStatus(checked, ed25519.get("name").asText(), "wrong", "has k=rsa");
                assertStatus(checked, "_dmarc.acme.test", "warning", "DMARC p=none at _dmarc.acme.test: p=quarantine or stricter is recommended");
            }

            // 3. right: the RSA key split into several strings, DMARC asking for strict DKIM alignment
            try (DnsServer dns = DnsServer.start(DNS_ADDRESS, zone(
                    txt("_mailgate.acme.test", ownership),
                    txt("acme.test", "v=spf1 ip4:" + SENDING_IP + " -all"),
                    txt(rsa.get("name").asText(), rsa.get("value").asText()),
                    txt(ed25519.get("name").asText(), ed25519.get("value").asText()),
                    txt("_dmarc.acme.test", "v=DMARC1; p=reject; adkim=s"),
                    "--mx-host=acme.test,mx.acme.test,10"), dnsLog)) {
                JsonNode checked = send("POST", domains + "/acme.test/verify", null, 200);
                assertTrue(checked.get("verified").asBoolean(), checked.toString());
                for (JsonNode record : checked.get("records")) {
                    assertEquals("ok", record.get("status").asText(), record.toString());
                }
                assertTrue(checked.get("strictDkimAlignment").asBoolean());
                SendingDomains.SendingDomain sending = fixture.gateway.domains().covering(tenant, "News.ACME.test.").orElseThrow();
                assertTrue(sending.verified());
                assertTrue(sending.strictDkimAlignment());
                assertEquals(List.of("rsa-sha256", "ed25519-sha256"),
                        sending.keys().stream().map(SendingDomains.DkimKey::algorithm).toList());
            }

            // 4. the records are gone: the scheduled check (every 2 s here) unverifies the domain
            try (DnsServer dns = DnsServer.start(DNS_ADDRESS, zone(), dnsLog)) {
                JsonNode current = awaitUnverified(domains + "/acme.test");
                assertTrue(current.get("reason").asText().contains("no TXT record at _mailgate.acme.test"), current.toString());
                assertFalse(fixture.gateway.domains().covering(tenant, "acme.test").orElseThrow().verified());
                fixture.gateway.journal().flush();
                List<String> journaled = fixture.gateway.journal().query(new JournalStore.Filter(tenant, "", ""), null, 10)
                        .entries().stream().map(e -> e.entry().policyId() + " " + e.entry().reason()).toList();
                assertTrue(journaled.contains("AUTH-2 domain acme.test is verified"), journaled.toString());
                assertTrue(journaled.stream().anyMatch(e -> e.startsWith("AUTH-2 domain acme.test is no longer verified: no TXT")),
                        journaled.toString());
            }
        }
    }

    @Test
    void awkwardInputShouldGiveAClearStatusAndNoCrash() throws Exception {
        Path dnsLog = Files.createDirectories(home.resolve("dns")).resolve("dnsmasq.log");
        try (GatewayFixture fixture = gateway()) {
            String tenant = fixture.gateway.tenants().createTenant("awkward").id();
            String domains = "api/v1/tenants/" + tenant + "/domains";

            JsonNode loop = send("POST", domains, "{\"domain\":\"LOOP.Test.\"}", 201);
            assertEquals("loop.test", loop.get("domain").asText());
            JsonNode idn = send("POST", domains, "{\"domain\":\"Bücher.test\"}", 201);
            assertEquals("xn--bcher-kva.test", idn.get("domain").asText());
            String idnToken = record(idn, "_mailgate.xn--bcher-kva.test").get("value").asText();
            send("POST", domains, "{\"domain\":\"test\"}", 422);
            send("POST", domains, "{\"domain\":\"github.io\"}", 422);
            send("POST", domains, "{\"domain\":\"-bad-.test\"}", 422);

            try (DnsServer dns = DnsServer.start(DNS_ADDRESS, zone(
                    txt("loop.test", "v=spf1 include:loop.test -all"),
                    txt("_dmarc.loop.test", "v=DMARC1; p=sometimes"),
                    txt("_mailgate.xn--bcher-kva.test", idnToken),
                    txt("_dmarc.xn--bcher-kva.test", "v=DMARC1; p=none"),
                    txt("_dmarc.xn--bcher-kva.test", "v=DMARC1; p=reject")), dnsLog)) {
                JsonNode checked = send("POST", domains + "/loop.TEST./verify", null, 200);
                assertStatus(checked, "loop.test", "wrong", "is broken (permerror");
                assertStatus(checked, "_dmarc.loop.test", "wrong", "p=sometimes is not a policy");

                JsonNode checkedIdn = send("POST", domains + "/bücher.test/verify", null, 200);
                assertStatus(checkedIdn, "_mailgate.xn--bcher-kva.test", "ok", "the ownership token is published");
                assertStatus(checkedIdn, "_dmarc.xn--bcher-kva.test", "wrong", "2 DMARC records");
            }
        }
    }

    @Test
    void demoTenantsDomainShouldBeAttested() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(home.resolve("gateway"), 1,
                Map.of("demo.tenant", "true", "domains.verify-interval", "1h"))) {
            String demo = fixture.gateway.demo().orElseThrow().tenantId();
            assertTrue(fixture.gateway.domains().covering(demo, "demo.mailgate.test").orElseThrow().verified());
            assertEquals("demo tenant", fixture.gateway.domains().get(demo, "demo.mailgate.test").attestation().note());
        }
    }

    // ---- helpers ----

    private GatewayFixture gateway() throws Exception {
        GatewayFixture fixture = GatewayFixture.start(home.resolve("gateway"), 1, Map.of(
                "dns.resolvers", DNS_ADDRESS.getHostAddress(),
                "delivery.sending-ips", SENDING_IP,
                "domains.verify-interval", "2s",
                "domains.dns-timeout", "2s"));
        api = fixture.gateway.admin().baseUri();
        token = Files.readString(fixture.home.resolve("admin.token")).strip();
        return fixture;
    }

    private JsonNode awaitUnverified(String path) throws Exception {
        Await.until(Await.TIMEOUT, () -> !send("GET", path, null, 200).get("verified").asBoolean());
        JsonNode current = send("GET", path, null, 200);
        assertFalse(current.get("verified").asBoolean(), "the scheduled check did not unverify: " + current);
        return current;
    }

    private JsonNode send(String method, String path, String json, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(new URI(null, null, "/" + path, null).toASCIIString()))
                .header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
        if (expected >= 400) {
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        }
        return JSON.readTree(response.body());
    }

    private static JsonNode record(JsonNode domain, String name) {
        for (JsonNode record : domain.get("records")) {
            if (record.get("name").asText().equals(name) && record.get("type").asText().equals("TXT")) {
                return record;
            }
        }
        throw new AssertionError("no TXT record " + name + " in " + domain);
    }

    private static JsonNode dkim(JsonNode domain, String keyType) {
        for (JsonNode record : domain.get("records")) {
            if (record.get("name").asText().contains("._domainkey.") && record.get("value").asText().contains(keyType + ";")) {
                return record;
            }
        }
        throw new AssertionError("no DKIM record with " + keyType + " in " + domain);
    }

    private static void assertStatus(JsonNode domain, String name, String status, String reasonPart) {
        JsonNode record = record(domain, name);
        assertEquals(status, record.get("status").asText(), record.toString());
        assertTrue(record.get("reason").asText().contains(reasonPart), "expected '" + reasonPart + "' in " + record);
    }

    private static String otherRsaKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return Base64.getEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded());
    }

    private static InetAddress loopback(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
