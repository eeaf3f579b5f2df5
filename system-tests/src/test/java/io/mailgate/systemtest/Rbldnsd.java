package io.mailgate.systemtest;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real DNS blocklist for the tests: Debian's rbldnsd serving one {@code dnset} zone (domains, as
 * URI blocklists like SURBL list them) on a loopback address and a free port. As root it runs as
 * the package's user {@code rbldns}, so its folder is made readable to it.
 */
final class Rbldnsd implements AutoCloseable {

    private static final Path RBLDNSD = Path.of("/usr/sbin/rbldnsd");

    private final Process process;
    final InetAddress address;
    final int port;

    private Rbldnsd(Process process, InetAddress address, int port) {
        this.process = process;
        this.address = address;
        this.port = port;
    }

    /** Serves {@code zone} listing {@code domains} (127.0.0.2) from {@code dir}. */
    static Rbldnsd start(InetAddress address, String zone, List<String> domains, Path dir) throws Exception {
        if (!Files.isExecutable(RBLDNSD)) {
            throw new IllegalStateException(RBLDNSD + " is missing: install Debian's rbldnsd (bin/test does)");
        }
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path parent = dir.getParent(); parent != null && !parent.toString().equals("/tmp"); parent = parent.getParent()) {
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path data = dir.resolve("zone");
        Files.writeString(data, ":127.0.0.2:listed in the test list\n" + String.join("\n", domains) + "\n");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rw-r--r--"));
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, address)) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(RBLDNSD.toString(), "-n", "-w", dir.toString(),
                "-b", address.getHostAddress() + "/" + port));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "rbldns"));
        }
        command.add(zone + ":dnset:zone");
        Path log = dir.resolve("rbldnsd.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Rbldnsd server = new Rbldnsd(process, address, port);
        server.awaitAnswering(Duration.ofSeconds(10), log);
        return server;
    }

    String hostPort() {
        return address.getHostAddress() + ":" + port;
    }

    private void awaitAnswering(Duration timeout, Path log) throws Exception {
        byte[] query = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1};
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(200);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("rbldnsd exited: " + Files.readString(log));
                }
                socket.send(new DatagramPacket(query, query.length, address, port));
                try {
                    socket.receive(new DatagramPacket(new byte[512], 512));
                    return;
                } catch (IOException notYet) {
                    // not listening yet
                }
            }
        }
        throw new IllegalStateException("rbldnsd did not answer within " + timeout + ": " + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
