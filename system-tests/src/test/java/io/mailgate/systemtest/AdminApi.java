package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Calls to a test gateway's REST admin with its admin token. */
final class AdminApi {

    private AdminApi() {
    }

    static HttpResponse<String> call(GatewayFixture fixture, String method, String path, String contentType, String body)
            throws Exception {
        String admin = Files.readString(fixture.home.resolve("admin.token")).strip();
        HttpRequest.Builder request = HttpRequest.newBuilder(fixture.gateway.admin().baseUri().resolve(path))
                .header("Authorization", "Bearer " + admin)
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
}
