package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Calls to a test gateway's REST admin, with its admin token or a tenant's. Bodies are UTF-8 both ways. */
final class AdminApi {

    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    private AdminApi() {
    }

    /** A call with the admin token; {@code contentType} and {@code body} null for none. */
    static HttpResponse<String> call(GatewayFixture fixture, String method, String path, String contentType, String body)
            throws Exception {
        return callAs(fixture, adminToken(fixture), method, path, contentType, body);
    }

    /** A call with this bearer token. */
    static HttpResponse<String> callAs(GatewayFixture fixture, String token, String method, String path, String contentType,
            String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(fixture.gateway.admin().baseUri().resolve(path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A call with a JSON body or none; asserts the status and answers the body as JSON. */
    static JsonNode json(GatewayFixture fixture, String method, String path, String json, int expected) throws Exception {
        HttpResponse<String> response = call(fixture, method, path, json == null ? null : "application/json", json);
        assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
        return new ObjectMapper().readTree(response.body());
    }

    static String adminToken(GatewayFixture fixture) throws Exception {
        return Files.readString(fixture.home.resolve("admin.token")).strip();
    }

    /** A new token of the tenant with this role (tenant-master, tenant-user), made by the admin. */
    static String tenantToken(GatewayFixture fixture, String tenantId, String role) throws Exception {
        HttpResponse<String> created = call(fixture, "POST", "/api/v1/tenants/" + tenantId + "/tokens", "application/json",
                "{\"role\":\"" + role + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        Matcher token = TOKEN.matcher(created.body());
        assertTrue(token.find(), created.body());
        return token.group(1);
    }
}
