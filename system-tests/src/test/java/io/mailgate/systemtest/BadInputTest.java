package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, point 6: bad input gets a clear error (an SMTP code with an enhanced status and a
 * reason; an HTTP 4xx with a problem+json body), never a stack trace, a hang or a lost message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final String PASSWORD = "correct horse battery staple";

    SmtpSink sink;
    GatewayFixture fixture;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start(@TempDir Path home) throws Exception {
        sink = SmtpSink.start();
        fixture = GatewayFixture.start(home, sink.port(),
                Map.of("smtp.max-message-size", "64K", "smtp.max-recipients", "3"));
        fixture.tenant("acme", "acme-app", PASSWORD);
    }

    @AfterAll
    void stop() throws Exception {
        fixture.close();
        sink.close();
    }

    private SmtpClient authenticated() throws IOException {
        return fixture.authenticated("acme-app", PASSWORD);
    }

    @Test
    void malformedCommandsShouldGetSyntaxErrorsAndLeaveTheSessionUsable() throws Exception {
        try (SmtpClient smtp = authenticated()) {
            assertPermanent(smtp.command("MAIL FROM:not-an-address"), 501);
            assertPermanent(smtp.command("RCPT TO:<reader@example.org>"), 503);
            assertPermanent(smtp.command("DATA"), 503);
            assertPermanent(smtp.command("FROBNICATE now"), 500);
            assertEquals(250, smtp.command("MAIL FROM:<news@acme.test>").code());
            assertPermanent(smtp.command("RCPT TO:<reader@@example.org>"), 553);
            assertEquals(250, smtp.command("RCPT TO:<reader@example.org>").code());
            assertEquals(354, smtp.command("DATA").code());
            SmtpClient.Reply queued = smtp.command("From: news@acme.test\r\nSubject: after the errors\r\n\r\nstill fine\r\n.");
            assertEquals(250, queued.code(), queued.text());
        }
        assertEquals(1, sink.awaitMessages(1, Duration.ofSeconds(30), m -> m.data().contains("after the errors")).size(),
                "the good message after the bad commands is delivered");
    }

    @Test
    void oversizeMessageShouldBeRefusedWith552() throws Exception {
        try (SmtpClient smtp = authenticated()) {
            SmtpClient.Reply declared = smtp.command("MAIL FROM:<news@acme.test> SIZE=1000000");
            assertEquals(552, declared.code(), declared.text());
            assertEquals("5.3.4", declared.enhanced());

            assertEquals(250, smtp.command("MAIL FROM:<news@acme.test>").code());
            assertEquals(250, smtp.command("RCPT TO:<reader@example.org>").code());
            assertEquals(354, smtp.command("DATA").code());
            String line = "x".repeat(990) + "\r\n";
            smtp.send("Subject: too big\r\n\r\n" + line.repeat(100));
            SmtpClient.Reply refused = smtp.command(".");
            assertEquals(552, refused.code(), refused.text());
            assertEquals("5.3.4", refused.enhanced());
        }
        assertTrue(sink.awaitMessages(1, Duration.ofSeconds(3), m -> m.data().contains("too big")).isEmpty());
    }

    @Test
    void recipientsOverTheLimitShouldGet452AndTheOthersStillArrive() throws Exception {
        try (SmtpClient smtp = authenticated()) {
            assertEquals(250, smtp.command("MAIL FROM:<news@acme.test>").code());
            for (int i = 0; i < 3; i++) {
                assertEquals(250, smtp.command("RCPT TO:<limit" + i + "@example.org>").code());
            }
            SmtpClient.Reply fourth = smtp.command("RCPT TO:<limit3@example.org>");
            assertEquals(452, fourth.code(), fourth.text());
            assertEquals("4.5.3", fourth.enhanced());
            assertEquals(354, smtp.command("DATA").code());
            assertEquals(250, smtp.command("From: news@acme.test\r\nSubject: limited\r\n\r\nthree of four\r\n.").code());
        }
        var arrived = sink.awaitMessages(1, Duration.ofSeconds(30), m -> m.data().contains("three of four"));
        assertEquals(1, arrived.size());
        assertEquals(3, arrived.get(0).recipients().size());
    }

    @Test
    void restShouldAnswerProblemJsonForUnknownRoutesBadJsonAndMissingOrWrongTokens() throws Exception {
        String token = Files.readString(fixture.home.resolve("admin.token")).trim();
        URI base = fixture.gateway.admin().baseUri();

        assertProblem(send(HttpRequest.newBuilder(base.resolve("api/v1/tenants")).GET()), 401);
        assertProblem(send(HttpRequest.newBuilder(base.resolve("api/v1/tenants"))
                .header("Authorization", "Bearer not-the-token").GET()), 401);
        assertProblem(send(HttpRequest.newBuilder(base.resolve("api/v1/no-such-thing"))
                .header("Authorization", "Bearer " + token).GET()), 404);
        assertProblem(send(HttpRequest.newBuilder(base.resolve("api/v1/tenants"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": "))), 400);
        assertProblem(send(HttpRequest.newBuilder(base.resolve("api/v1/tenants/nobody"))
                .header("Authorization", "Bearer " + token).GET()), 404);

        HttpResponse<String> created = send(HttpRequest.newBuilder(base.resolve("api/v1/tenants"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"restco\"}")));
        assertEquals(201, created.statusCode(), created.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                response.headers().toString());
        assertTrue(response.body().contains("\"status\":" + status), response.body());
        assertFalse(response.body().contains("Exception") || response.body().contains("\tat "),
                "no stack trace: " + response.body());
    }

    private static void assertPermanent(SmtpClient.Reply reply, int code) {
        assertEquals(code, reply.code(), reply.text());
        assertTrue(reply.text().length() > 4, "a reason: " + reply.text());
    }
}
