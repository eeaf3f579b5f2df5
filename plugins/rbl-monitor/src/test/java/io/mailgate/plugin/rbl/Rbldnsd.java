package io.mailgate.plugin.rbl;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's rbldnsd on a loopback address and a free port, serving zone files this test writes;
 * started and stopped by its PID. rbldnsd drops to its own user, so the files are world-readable.
 * The system tests use it too, through this module's test jar.
 */
public final class Rbldnsd implements AutoCloseable {

    public static final String BINARY = "/usr/sbin/rbldnsd";

    private final Process process;
    private final Path dir;
    private final InetSocketAddress address;

    private Rbldnsd(Process process, Path dir, InetSocketAddress address) {
        this.process = process;
        this.dir = dir;
        this.address = address;
    }

    /** @param zones "zone:type:file" specs, with {@code files} holding file name, content pairs */
    public static Rbldnsd start(Path dir, String host, List<String> zones, String... files) throws Exception {
        if (!Files.isExecutable(Path.of(BINARY))) {
            fail("rbldnsd is not installed at " + BINARY + ": bin/test installs the Debian package rbldnsd");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (int i = 0; i < files.length; i += 2) {
            write(dir, files[i], files[i + 1]);
        }
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(host, 0))) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(BINARY, "-n", "-b", host + "/" + port, "-w", dir.toString(),
                "-t", "1", "-c", "1"));
        command.addAll(zones);
        Path log = dir.resolve("rbldnsd.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Rbldnsd server = new Rbldnsd(process, dir, new InetSocketAddress(InetAddress.getByName(host), port));
        for (int i = 0; i < 100; i++) {
            if (Files.readString(log).contains(" started ")) {
                return server;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        server.close();
        fail("rbldnsd did not start: " + Files.readString(log));
        return null;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Replaces a zone file and waits until rbldnsd has loaded it (it checks every second). */
    public void rewrite(String file, String content) throws Exception {
        Path log = dir.resolve("rbldnsd.log");
        long reloads = reloads(log);
        write(dir, file, content);
        // a later mtime than the loaded one, even within the same second
        Files.setLastModifiedTime(dir.resolve(file), FileTime.from(Instant.now().plusSeconds(2)));
        for (int i = 0; i < 100 && reloads(log) == reloads; i++) {
            Thread.sleep(100);
        }
        if (reloads(log) == reloads) {
            fail("rbldnsd did not reload " + file + ": " + Files.readString(log));
        }
    }

    private static long reloads(Path log) throws IOException {
        return Files.readString(log).lines().filter(l -> l.contains("zones reloaded")).count();
    }

    private static void write(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
