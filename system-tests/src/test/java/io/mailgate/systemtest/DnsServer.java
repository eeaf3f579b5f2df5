package io.mailgate.systemtest;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real DNS server for the tests: Debian's dnsmasq, serving only the records a test gives it, on
 * port 53 of a loopback address of its own (DNS resolvers as James configures them always use
 * port 53, so the tests run as root, as CI does). It forwards nothing: no query leaves the machine.
 */
final class DnsServer implements AutoCloseable {

    private static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");

    private final Process process;
    final InetAddress address;

    private DnsServer(Process process, InetAddress address) {
        this.process = process;
        this.address = address;
    }

    /** Starts dnsmasq on {@code address}:53 with these options (e.g. --mx-host=…, --host-record=…). */
    static DnsServer start(InetAddress address, List<String> records, Path logFile) throws Exception {
        if (!Files.isExecutable(DNSMASQ)) {
            throw new IllegalStateException(DNSMASQ + " is missing: install Debian's dnsmasq-base (bin/test does)");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("this test binds port 53 and 25 on loopback and must run as root, as CI does");
        }
        List<String> command = new ArrayList<>(List.of(DNSMASQ.toString(), "--keep-in-foreground", "--conf-file=/dev/null",
                "--no-resolv", "--no-hosts", "--no-poll", "--bind-interfaces", "--listen-address=" + address.getHostAddress(),
                "--port=53", "--user=root", "--pid-file=", "--log-queries", "--log-facility=-"));
        command.addAll(records);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        DnsServer server = new DnsServer(process, address);
        server.awaitAnswering(Duration.ofSeconds(10), logFile);
        return server;
    }

    /** Sends a query for "." until dnsmasq answers anything. */
    private void awaitAnswering(Duration timeout, Path logFile) throws Exception {
        byte[] query = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1};
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(200);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("dnsmasq exited: " + Files.readString(logFile));
                }
                socket.send(new DatagramPacket(query, query.length, address, 53));
                try {
                    socket.receive(new DatagramPacket(new byte[512], 512));
                    return;
                } catch (IOException notYet) {
                    // not listening yet
                }
            }
        }
        throw new IllegalStateException("dnsmasq did not answer within " + timeout + ": " + Files.readString(logFile));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
