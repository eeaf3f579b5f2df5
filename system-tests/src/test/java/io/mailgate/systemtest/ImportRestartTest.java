package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, point 5: a bulk import is one transaction. The gateway is killed with SIGKILL while an
 * import's rows are being written: after a restart the list is as it was before. An import that got
 * its 200 is all there after another SIGKILL.
 */
class ImportRestartTest {

    private static final int ROWS_BEFORE_KILL = 100_000;

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aKillInTheMiddleOfAnImportShouldLeaveTheOldStateAndACompletedImportTheNew() throws Exception {
        SmtpSink sink = SmtpSink.start();
        try (GatewayProcess gateway = GatewayProcess.configure(home, sink.port(), Map.of()).start()) {
            String tenant = demoTenant(gateway);
            String lists = "/api/v1/tenants/" + tenant + "/suppressions";
            HttpResponse<String> before = post(gateway, lists + "/import", HttpRequest.BodyPublishers.ofString(
                    "kept1@example.org,unsubscribe\nkept2@example.org,complaint\n"));
            assertEquals(200, before.statusCode(), before.body());

            // An import that stalls after 100,000 rows, while the gateway holds them uncommitted.
            // The rows the client has handed over are in the gateway's socket or its open transaction.
            CountDownLatch halfway = new CountDownLatch(1);
            CountDownLatch killed = new CountDownLatch(1);
            CompletableFuture<HttpResponse<String>> stalled = http.sendAsync(request(gateway, lists + "/import")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new StallingCsv(ROWS_BEFORE_KILL, halfway, killed))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(halfway.await(60, TimeUnit.SECONDS), "the CSV body was not read");
            gateway.kill();
            killed.countDown();
            assertTrue(stalled.handle((response, error) -> error != null || response.statusCode() != 200)
                    .get(30, TimeUnit.SECONDS), "the stalled import must not have succeeded");

            gateway.start();
            assertEquals(2, countRows(gateway, lists), "the old state: the two entries from before, none of the stalled import");

            HttpResponse<String> complete = post(gateway, lists + "/import?mode=valid-lines",
                    HttpRequest.BodyPublishers.ofString("a@example.org\nb@example.org\nc@example.org\n"));
            assertEquals(200, complete.statusCode(), complete.body());
            gateway.kill();
            gateway.start();
            assertEquals(5, countRows(gateway, lists), "the new state survives a SIGKILL after the 200");
        } finally {
            sink.close();
        }
    }

    private String demoTenant(GatewayProcess gateway) throws Exception {
        HttpResponse<String> tenants = http.send(request(gateway, "/api/v1/tenants").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher id = Pattern.compile("\"id\":\"(t[0-9a-f]+)\"").matcher(tenants.body());
        assertTrue(id.find(), tenants.body());
        return id.group(1);
    }

    private int countRows(GatewayProcess gateway, String lists) throws Exception {
        HttpResponse<String> export = http.send(request(gateway, lists + "/export").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, export.statusCode(), export.body());
        return (int) export.body().lines().count() - 1;
    }

    private HttpResponse<String> post(GatewayProcess gateway, String path, HttpRequest.BodyPublisher body) throws Exception {
        return http.send(request(gateway, path).POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(GatewayProcess gateway, String path) throws IOException {
        String token = Files.readString(gateway.home.resolve("admin.token")).strip();
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .timeout(Duration.ofSeconds(120));
    }

    /** {@code rows} CSV lines, then a signal, then a read that waits (bounded) until the gateway is killed. */
    private static final class StallingCsv extends InputStream {
        private final int rows;
        private final CountDownLatch halfway;
        private final CountDownLatch killed;
        private int row;
        private byte[] line = new byte[0];
        private int position;

        StallingCsv(int rows, CountDownLatch halfway, CountDownLatch killed) {
            this.rows = rows;
            this.halfway = halfway;
            this.killed = killed;
        }

        @Override
        public int read() throws IOException {
            if (position == line.length) {
                if (row == rows) {
                    halfway.countDown();
                    try {
                        killed.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IOException("the test stops sending");
                }
                line = ("stalled" + row++ + "@example.org,unsubscribe\n").getBytes(StandardCharsets.US_ASCII);
                position = 0;
            }
            return line[position++];
        }
    }
}
