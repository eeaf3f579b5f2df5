package io.mailgate.systemtest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A gateway in a process of its own, started as {@code bin/mailgate run} starts it (the main class,
 * a generated {@code mailgate.conf}, the shipped chain and logging configuration), so that a test
 * can kill it with SIGKILL and start it again on the same home.
 */
final class GatewayProcess implements AutoCloseable {

    final Path home;
    final int relayPort;
    final int adminPort;
    private final Path confDir;
    private Process process;

    private GatewayProcess(Path home, Path confDir, int relayPort, int adminPort) {
        this.home = home;
        this.confDir = confDir;
        this.relayPort = relayPort;
        this.adminPort = adminPort;
    }

    /** Writes the configuration for a gateway under {@code home}; {@link #start()} runs it. */
    static GatewayProcess configure(Path home, int downstreamPort, Map<String, String> overrides) throws IOException {
        int relay = freePort();
        int admin = freePort();
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.copy(GatewayFixture.confDir().resolve("mailetcontainer.xml"), conf.resolve("mailetcontainer.xml"));
        Map<String, String> settings = GatewayFixture.settings(home.resolve("var"), downstreamPort, overrides);
        settings.put("smtp.relay.listen", "127.0.0.1:" + relay);
        settings.put("smtp.tls.listen", "");
        settings.put("smtp.feedback.listen", "");
        settings.put("admin.listen", "127.0.0.1:" + admin);
        settings.put("demo.tenant", "true");
        StringBuilder text = new StringBuilder();
        settings.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        Files.writeString(conf.resolve("mailgate.conf"), text, StandardCharsets.UTF_8);
        return new GatewayProcess(home.resolve("var"), conf, relay, admin);
    }

    /** Starts the gateway and waits until it says it is up and its SMTP port answers. */
    GatewayProcess start() throws IOException, InterruptedException {
        Path lib = GatewayFixture.requiredPath("mailgate.test.lib");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dlogback.configurationFile=" + GatewayFixture.confDir().resolve("logback.xml"),
                "-cp", lib + "/*",
                "io.mailgate.core.Gateway",
                "--config", confDir.resolve("mailgate.conf").toString()));
        Path stdout = Files.createDirectories(home).resolve("stdout.log");
        int startedAt = Files.exists(stdout) ? Files.readString(stdout).length() - 1 : -1;
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MAILGATE_LOG_DIR", home.resolve("log").toString());
        process = builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Files.createDirectories(home).resolve("stdout.log").toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + process.exitValue() + "; see "
                        + home.resolve("stdout.log") + ":\n" + Files.readString(home.resolve("stdout.log")));
            }
            String output = Files.readString(home.resolve("stdout.log"));
            if (output.lastIndexOf("Mailgate is up.") > startedAt) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), relayPort), 500);
                    return this;
                } catch (IOException notYet) {
                    // the banner comes after the listeners: this is not expected, but waiting is harmless
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the gateway did not open its SMTP port within 90 s");
    }

    InetSocketAddress relay() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), relayPort);
    }

    /** The demo tenant's SMTP username and password, as the gateway wrote them. */
    List<String> demoCredentials() throws IOException {
        return Files.readAllLines(home.resolve("demo.credentials"));
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, then waits for the exit; returns the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the gateway did not stop within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
