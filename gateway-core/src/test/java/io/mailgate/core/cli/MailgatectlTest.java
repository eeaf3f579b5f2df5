package io.mailgate.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/**
 * The commands run in-process, as bin/mailgatectl runs them: exit status, stdout and stderr. DNS
 * comes from a tiny server on 127.0.0.1 through dnsjava, the REST API from an HTTP server in the test.
 */
class MailgatectlTest {

    private static final String CORPUS_PROPERTY = "mailgate.corpus";

    @TempDir
    static Path dir;

    private static TinyDnsServer dns;
    private static KeyPair dkimKey;

    @BeforeAll
    static void dnsServer() throws Exception {
        dkimKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = dkimKey.getPublic().getEncoded();
        dns = new TinyDnsServer()
                .txt("example.com", "v=spf1 include:_spf.example.com -all")
                .txt("_spf.example.com", "v=spf1 ip4:192.0.2.0/24 -all")
                .txt("ed._domainkey.example.com", "v=DKIM1; k=ed25519; p="
                        + Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length)))
                .txt("revoked._domainkey.example.com", "v=DKIM1; k=ed25519; p=");
    }

    @AfterAll
    static void stopDns() throws Exception {
        dns.close();
    }

    // --- usage

    @Test
    void shouldPrintUsageAndExit2WithoutCommand() {
        Run run = run();

        assertEquals(2, run.status);
        assertTrue(run.err.startsWith("usage: mailgatectl"), run.err);
    }

    @Test
    void shouldExit2WithReasonWhenUsageWrong() {
        assertUsage(run("frobnicate"), "mailgatectl: unknown command frobnicate");
        assertUsage(run("spf", "--sender", "news@example.com"), "mailgatectl: --ip is required");
        assertUsage(run("spf", "--ip", "192.0.2.7"), "mailgatectl: spf needs --sender or --helo");
        assertUsage(run("spf", "--ip", "not-an-ip", "--sender", "a@example.com", "--resolver", dns.address()),
                "mailgatectl: --ip not-an-ip: not an IP address");
        assertUsage(run("spf", "--ip", "192.0.2.7", "--helo", "h.example.com", "--resolver", "nowhere:dns"),
                "mailgatectl: bad resolver");
        assertUsage(run("spf", "--ip", "192.0.2.7", "--helo", "h.example.com", "--config", dir.resolve("none.conf").toString()),
                "mailgatectl: --config " + dir.resolve("none.conf") + ": no such file");
        assertUsage(run("dkim-verify"), "mailgatectl: dkim-verify takes one message file");
        assertUsage(run("dkim-verify", "a.eml", "--colour", "red"), "mailgatectl: unknown option --colour");
        assertUsage(run("classify"), "mailgatectl: classify takes one or more message files");
        assertUsage(run("api", "FETCH", "/tenants"), "mailgatectl: api: FETCH is not one of");
    }

    // --- spf

    @Test
    void shouldPrintPassAndLookupsInOrderWhenIpAllowed() {
        Run run = run("spf", "--ip", "192.0.2.7", "--sender", "news@example.com", "--helo", "app1.example.com",
                "--resolver", dns.address());

        assertEquals(0, run.status, run.err);
        assertEquals("""
                pass
                explanation: (none)
                dns lookups: 2
                  TXT example.com -> 1 record
                  TXT _spf.example.com -> 1 record
                """, run.out);
    }

    @Test
    void shouldPrintFailAndExplanationWhenIpNotAllowed() {
        Run run = run("spf", "--ip", "198.51.100.1", "--sender", "news@example.com", "--helo", "app1.example.com",
                "--resolver", dns.address());

        assertEquals(1, run.status, run.err);
        assertEquals("fail", run.out.lines().findFirst().orElse(""));
        assertTrue(run.out.contains("explanation: 198.51.100.1 is not allowed to send mail for example.com (SPF)"), run.out);
    }

    @Test
    void shouldTakeResolverFromConfigFile() throws Exception {
        Path config = dir.resolve("resolver.conf");
        Files.writeString(config, "dns.resolvers = " + dns.address() + "\n");

        Run run = run("spf", "--ip", "192.0.2.7", "--sender", "news@example.com", "--config", config.toString());

        assertEquals(0, run.status, run.err + run.out);
    }

    @Test
    void shouldPrintNoneWhenDomainHasNoRecord() {
        Run run = run("spf", "--ip", "192.0.2.7", "--sender", "news@example.org", "--resolver", dns.address());

        assertEquals(1, run.status);
        assertTrue(run.out.startsWith("none\n"), run.out);
        assertTrue(run.out.contains("TXT example.org -> no records"), run.out);
    }

    // --- dkim-verify

    @Test
    void shouldPassSignatureWithKeyFromDns() throws Exception {
        Path file = write("signed.eml", signed("ed"));

        Run run = run("dkim-verify", file.toString(), "--resolver", dns.address());

        assertEquals(0, run.status, run.err);
        assertEquals("d=example.com s=ed a=ed25519-sha256 pass\n", run.out);
    }

    @Test
    void shouldFailWithBodyHashMismatchWhenBodyChanged() throws Exception {
        Path file = write("changed.eml", signed("ed").replace("Hello", "Hallo"));

        Run run = run("dkim-verify", file.toString(), "--resolver", dns.address());

        assertEquals(1, run.status);
        assertEquals("d=example.com s=ed a=ed25519-sha256 fail body hash mismatch\n", run.out);
    }

    @Test
    void shouldFailWhenKeyRevokedOrMissing() throws Exception {
        Path revoked = write("revoked.eml", signed("revoked"));
        Path missing = write("missing.eml", signed("gone"));

        assertEquals("d=example.com s=revoked a=ed25519-sha256 fail key revoked (empty p=)\n",
                run("dkim-verify", revoked.toString(), "--resolver", dns.address()).out);
        assertEquals("d=example.com s=gone a=ed25519-sha256 fail no key record at gone._domainkey.example.com\n",
                run("dkim-verify", missing.toString(), "--resolver", dns.address()).out);
    }

    @Test
    void shouldExit1WithOneLineWhenFileUnreadable() {
        Run run = run("dkim-verify", dir.resolve("absent.eml").toString(), "--resolver", dns.address());

        assertEquals(1, run.status);
        assertEquals("mailgatectl: cannot read " + dir.resolve("absent.eml") + ": no such file\n", run.err);
        assertEquals(1, run.err.lines().count(), run.err);
    }

    // --- classify

    @Test
    void shouldPrintOneJsonLinePerRecipientForCorpusBounces() throws Exception {
        Path mail = corpus().resolve("bounces/mail");
        Path arf = mail.resolve("arf-01.eml");
        Path bounce = firstFile(mail, "lhost-");

        Run run = run("classify", arf.toString(), bounce.toString());

        assertEquals(0, run.status, run.out + run.err);
        List<String> lines = run.out.lines().toList();
        assertTrue(lines.size() >= 2, run.out);
        String jsonLine = "\\{\"file\":\"[^\"]+\",\"recipient\":\"[^\"]*\",\"status\":\"[^\"]*\",\"replycode\":\"[^\"]*\","
                + "\"category\":\"[a-z]+\",\"hard\":(true|false),\"feedbacktype\":\"[^\"]*\"}";
        for (String line : lines) {
            assertTrue(line.matches(jsonLine), line);
        }
        assertTrue(lines.get(0).startsWith("{\"file\":\"" + arf + "\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"category\":\"feedback\""), lines.get(0));
        assertTrue(lines.get(lines.size() - 1).startsWith("{\"file\":\"" + bounce + "\""), run.out);
    }

    @Test
    void shouldPrintUnparseableLineWithReasonWhenFileMissingOrNoReport() throws Exception {
        Path absent = dir.resolve("absent.eml");
        Path plain = write("plain.eml", "From: a@example.com\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nJust a note.\r\n");

        Run run = run("classify", absent.toString(), plain.toString());

        assertEquals(1, run.status);
        List<String> lines = run.out.lines().toList();
        assertEquals(2, lines.size(), run.out);
        assertTrue(lines.get(0).equals("{\"file\":\"" + absent + "\",\"recipient\":\"\",\"status\":\"\",\"replycode\":\"\","
                + "\"category\":\"unparseable\",\"hard\":false,\"feedbacktype\":\"\",\"reason\":\"cannot read the file: no such file\"}"),
                lines.get(0));
        assertTrue(lines.get(1).contains("\"category\":\"unparseable\""), lines.get(1));
        assertTrue(lines.get(1).contains("\"reason\":\"no delivery report"), lines.get(1));
        assertEquals("", run.err);
    }

    // --- api

    @Test
    void shouldCallApiWithAdminTokenAndPrintAnswer() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            boolean known = exchange.getRequestURI().getPath().equals("/api/v1/tenants");
            byte[] answer = (known ? "{\"id\":\"t1\",\"name\":\"acme\",\"status\":\"active\"}"
                    : "{\"title\":\"Not Found\",\"status\":404}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", known ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(known ? 201 : 404, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            Path home = Files.createDirectories(dir.resolve("home"));
            Files.writeString(home.resolve("admin.token"), "secret-token-0123456789abcdefghijklmnop\n");
            Path config = dir.resolve("api.conf");
            Files.writeString(config, "home = " + home + "\nadmin.listen = 127.0.0.1:" + server.getAddress().getPort() + "\n");

            Run created = run("api", "POST", "/tenants", "{\"name\":\"acme\"}", "--config", config.toString());
            assertEquals(0, created.status, created.err);
            assertEquals("{\"id\":\"t1\",\"name\":\"acme\",\"status\":\"active\"}\n", created.out);
            assertEquals("POST /api/v1/tenants Bearer secret-token-0123456789abcdefghijklmnop {\"name\":\"acme\"}", seen.get());

            Run missing = run("api", "get", "api/v1/tenants/nope", "--config", config.toString());
            assertEquals(1, missing.status);
            assertEquals("{\"title\":\"Not Found\",\"status\":404}\n", missing.out);
            assertEquals("mailgatectl: GET /api/v1/tenants/nope: HTTP 404\n", missing.err);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldExit1WithOneLineWhenNoTokenOrNoGateway() throws Exception {
        Path home = Files.createDirectories(dir.resolve("empty-home"));
        Path config = dir.resolve("no-token.conf");
        Files.writeString(config, "home = " + home + "\nadmin.listen = 127.0.0.1:9\n");

        Run noToken = run("api", "GET", "/tenants", "--config", config.toString());
        assertEquals(1, noToken.status);
        assertTrue(noToken.err.startsWith("mailgatectl: no admin token in " + home.resolve("admin.token")), noToken.err);

        Files.writeString(home.resolve("admin.token"), "secret-token-0123456789abcdefghijklmnop\n");
        Run noGateway = run("api", "GET", "/tenants", "--config", config.toString());
        assertEquals(1, noGateway.status);
        assertTrue(noGateway.err.startsWith("mailgatectl: cannot reach the gateway at http://127.0.0.1:9/api/v1/tenants"),
                noGateway.err);
        assertEquals(1, noGateway.err.lines().count(), noGateway.err);
    }

    // --- helpers

    /** A message signed with ed25519-sha256, simple/simple, h=from:subject, selector {@code selector} at example.com. */
    private static String signed(String selector) throws Exception {
        String header = "From: news@example.com\r\nSubject: Hello\r\n";
        String body = "Hello Alice,\r\nthe digest.\r\n";
        String bodyHash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(body.getBytes(StandardCharsets.US_ASCII)));
        String unsigned = "DKIM-Signature: v=1; a=ed25519-sha256; c=simple/simple; d=example.com; s=" + selector
                + "; h=from:subject; bh=" + bodyHash + "; b=";
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(dkimKey.getPrivate());
        signer.update(MessageDigest.getInstance("SHA-256").digest((header + unsigned).getBytes(StandardCharsets.US_ASCII)));
        return unsigned + Base64.getEncoder().encodeToString(signer.sign()) + "\r\n" + header + "\r\n" + body;
    }

    private static Path corpus() {
        String corpus = System.getProperty(CORPUS_PROPERTY);
        if (corpus == null || !Files.isDirectory(Path.of(corpus, "bounces", "mail"))) {
            throw new AssertionError("the bounce corpus is missing: set -D" + CORPUS_PROPERTY
                    + "=<dir with bounces/mail> (the parent pom sets it for surefire to ../shared/corpus); got " + corpus);
        }
        return Path.of(corpus);
    }

    private static Path firstFile(Path directory, String prefix) throws Exception {
        try (var files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().findFirst()
                    .orElseThrow(() -> new AssertionError("no " + prefix + "* file in " + directory));
        }
    }

    private static Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.ISO_8859_1);
    }

    private static void assertUsage(Run run, String firstLine) {
        assertEquals(2, run.status, run.err);
        assertTrue(run.err.startsWith(firstLine), run.err);
        assertTrue(run.err.contains("usage: mailgatectl"), run.err);
        assertFalse(run.err.contains("Exception"), run.err);
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Mailgatectl.run(new ArrayList<>(List.of(args)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int status, String out, String err) {
    }
}
