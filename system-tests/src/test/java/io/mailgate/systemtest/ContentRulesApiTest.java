package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 (CON-6) through a running gateway: rules changed over REST take effect on the next
 * message without a restart, each change is audited (who, when, before, after), an invalid rule is
 * a 422 problem, export and import round-trip, the rule tester shows each match with its offsets,
 * and a tenant approved for a CON-2 topic gets its message delivered.
 */
class ContentRulesApiTest extends SystemTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void ruleChangesShouldTakeEffectOnTheNextMessageAndBeAudited() throws Exception {
        start(Map.of());
        assertEquals(37, json(rest("GET", "/api/v1/content-rules", null, null)).get("items").size());

        String rule = "{\"id\":\"acme-secret\",\"category\":\"list-brokers\",\"languages\":[\"en\"],"
                + "\"query\":\"\\\"zorbulax leads\\\"\",\"note\":\"test\"}";
        HttpResponse<String> created = rest("POST", "/api/v1/content-rules", "application/json", rule);
        assertEquals(201, created.statusCode(), created.body());
        try (SmtpClient smtp = authenticated()) {
            SmtpClient.Reply refused = ContentScreeningTest.send(smtp, "Offer", "Fresh zorbulax leads for you");
            assertEquals(550, refused.code(), refused.text());
            assertTrue(refused.text().contains("rule acme-secret"), refused.text());
        }

        HttpResponse<String> observed = rest("PUT", "/api/v1/content-rules/acme-secret", "application/json",
                rule.replace("\"note\":\"test\"", "\"mode\":\"observe\""));
        assertEquals(200, observed.statusCode(), observed.body());
        try (SmtpClient smtp = authenticated()) {
            assertEquals(250, ContentScreeningTest.send(smtp, "Observed", "Fresh zorbulax leads for you").code());
        }
        assertEquals(1, sink.awaitMessages(1, Duration.ofSeconds(30), m -> m.header("Subject").equals("Observed")).size());

        assertEquals(204, rest("DELETE", "/api/v1/content-rules/acme-secret", null, null).statusCode());
        assertEquals(404, rest("GET", "/api/v1/content-rules/acme-secret", null, null).statusCode());

        JsonNode changes = json(rest("GET", "/api/v1/content-rules/changes?limit=3", null, null)).get("items");
        assertEquals("rule acme-secret", changes.get(0).get("subject").asText());
        assertEquals("", changes.get(0).get("after").asText(), "the deletion");
        assertTrue(changes.get(1).get("before").asText().contains("enforce"), changes.toString());
        assertTrue(changes.get(1).get("after").asText().contains("observe"), changes.toString());
        assertEquals("", changes.get(2).get("before").asText(), "the creation");
        assertEquals("admin", changes.get(2).get("actor").asText());
        assertTrue(changes.get(2).has("time"));
    }

    @Test
    void invalidRuleShouldBeAProblemAndChangeNothing() throws Exception {
        start(Map.of());
        HttpResponse<String> bad = rest("PUT", "/api/v1/content-rules/broken", "application/json",
                "{\"category\":\"gambling\",\"query\":\"\\\"unclosed phrase\"}");
        assertEquals(422, bad.statusCode(), bad.body());
        assertTrue(bad.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(bad.body().contains("rule broken: the query does not parse"), bad.body());
        HttpResponse<String> unknown = rest("PUT", "/api/v1/content-rules/broken", "application/json",
                "{\"category\":\"knitting\",\"query\":\"wool\"}");
        assertEquals(422, unknown.statusCode());
        assertTrue(unknown.body().contains("unknown category knitting"), unknown.body());
        assertEquals(404, rest("GET", "/api/v1/content-rules/broken", null, null).statusCode());
    }

    @Test
    void exportAndImportShouldRoundTrip() throws Exception {
        start(Map.of());
        HttpResponse<String> exported = rest("GET", "/api/v1/content-rules/export", null, null);
        assertEquals(200, exported.statusCode());
        JsonNode rules = JSON.readTree(exported.body());
        assertEquals(37, rules.size());

        String one = "[" + rules.get(0).toString() + "]";
        HttpResponse<String> imported = rest("POST", "/api/v1/content-rules/import", "application/json", one);
        assertEquals(200, imported.statusCode(), imported.body());
        assertEquals(1, json(rest("GET", "/api/v1/content-rules", null, null)).get("items").size());

        HttpResponse<String> back = rest("POST", "/api/v1/content-rules/import", "application/json", exported.body());
        assertEquals(200, back.statusCode(), back.body());
        assertEquals(37, json(rest("GET", "/api/v1/content-rules", null, null)).get("items").size());
    }

    @Test
    void ruleTesterShouldShowEachMatchWithItsOffsetsAndSendNothing() throws Exception {
        start(Map.of());
        String body = "Start w.o.r.k from h.o.m.e today";
        String message = "From: news@acme.test\r\nTo: ann@example.org\r\nSubject: Hello\r\n\r\n" + body + "\r\n";
        HttpResponse<String> tested = rest("POST", "/api/v1/content-rules/test", "message/rfc822", message);
        assertEquals(200, tested.statusCode(), tested.body());

        JsonNode result = JSON.readTree(tested.body());
        assertEquals("REJECT", result.get("verdict").get("kind").asText());
        assertEquals("CON-1", result.get("verdict").get("policyId").asText());
        JsonNode finding = result.get("findings").get(0);
        assertEquals("con1-get-rich-quick-en", finding.get("rule").asText());
        assertEquals("get-rich-quick", finding.get("category").asText());
        assertEquals("body", finding.get("field").asText());
        assertEquals(body.indexOf("w.o.r.k"), finding.get("start").asInt());
        assertEquals("w.o.r.k from h.o.m.e", finding.get("text").asText());
        Await.queueEmpty(fixture);
        assertEquals(0, sink.received().size(), "the tester sends nothing");

        HttpResponse<String> garbage = rest("POST", "/api/v1/content-rules/test", "message/rfc822", "");
        assertEquals(400, garbage.statusCode(), garbage.body());
    }

    @Test
    void tenantApprovedForAHighRiskTopicShouldBeDelivered() throws Exception {
        String tenantId = start(Map.of());
        assertEquals(422, rest("PUT", "/api/v1/tenants/" + tenantId + "/content-approvals/adult", null, null).statusCode(),
                "CON-1 topics are never approved");
        assertEquals(204, rest("PUT", "/api/v1/tenants/" + tenantId + "/content-approvals/gambling", null, null).statusCode());
        assertEquals("[\"gambling\"]", json(rest("GET", "/api/v1/tenants/" + tenantId + "/content-approvals", null, null))
                .get("items").toString());
        try (SmtpClient smtp = authenticated()) {
            assertEquals(250, ContentScreeningTest.send(smtp, "Tonight", "Лучшее казино с бонусами.").code());
        }
        assertEquals(1, sink.awaitMessages(1, Duration.ofSeconds(30), m -> m.header("Subject").equals("Tonight")).size());
    }

    private HttpResponse<String> rest(String method, String path, String contentType, String body) throws Exception {
        return AdminApi.call(fixture, method, path, contentType, body);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}
