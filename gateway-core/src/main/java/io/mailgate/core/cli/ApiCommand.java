package io.mailgate.core.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.mailgate.core.admin.AdminToken;

/**
 * {@code mailgatectl api METHOD PATH [JSON]}: one call to the REST admin API as the admin (the
 * bearer token in {@code <home>/admin.token}); prints the answer. Exit 0 for 2xx, 1 otherwise.
 */
final class ApiCommand {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final String PREFIX = "/api/v1";

    private ApiCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException, CommandFailure {
        Arguments arguments = Arguments.parse(args, Set.of("config"));
        List<String> operands = arguments.operands();
        if (operands.size() < 2 || operands.size() > 3) {
            throw new UsageException("api takes METHOD PATH [JSON]");
        }
        String method = operands.get(0).toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new UsageException("api: " + operands.get(0) + " is not one of GET, POST, PUT, PATCH, DELETE");
        }
        String path = operands.get(1).startsWith("/") ? operands.get(1) : "/" + operands.get(1);
        if (!path.startsWith(PREFIX + "/")) {
            path = PREFIX + path; // "tenants" and "/api/v1/tenants" mean the same
        }
        String body = operands.size() == 3 ? operands.get(2) : null;

        CliConfig config = CliConfig.load(arguments.option("config"), java.util.Optional.empty());
        String token = token(config.home().resolve(AdminToken.FILE_NAME));
        URI uri;
        try {
            uri = URI.create("http://" + config.adminAuthority() + path);
        } catch (IllegalArgumentException e) {
            throw new UsageException("api: not a valid path: " + operands.get(1));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CommandFailure("cannot reach the gateway at " + uri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted");
        }
        String answer = response.body();
        if (!answer.isEmpty()) {
            out.print(answer.endsWith("\n") ? answer : answer + "\n");
        }
        boolean success = response.statusCode() / 100 == 2;
        if (!success) {
            err.println("mailgatectl: " + method + " " + path + ": HTTP " + response.statusCode());
        }
        return success ? 0 : 1;
    }

    private static String token(Path file) throws CommandFailure {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            throw new CommandFailure("no admin token in " + file + " (the gateway writes it on its first start; "
                    + "is home in the config file the gateway's?)");
        } catch (IOException e) {
            throw new CommandFailure("cannot read the admin token " + file + ": " + e);
        }
    }
}
