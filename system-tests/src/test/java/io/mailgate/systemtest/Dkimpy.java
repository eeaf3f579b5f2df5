package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** dkimpy (Debian's python3-dkim), the independent DKIM verifier, run by the script in this module's resources. */
final class Dkimpy {

    private static final String PYTHON = System.getProperty("mailgate.python3", "/usr/bin/python3");

    private Dkimpy() {
    }

    /** Its verdict on each signature of {@code message} ("rsa-sha256 pass", …), keys read from the DNS server at {@code dns}. */
    static List<String> verify(Path workDir, InetAddress dns, byte[] message) throws Exception {
        Path script = workDir.resolve("dkim_verify_dns.py");
        if (!Files.exists(script)) {
            try (InputStream in = Dkimpy.class.getResourceAsStream("/dkim_verify_dns.py")) {
                Files.copy(in, script);
            }
        }
        Path file = Files.write(workDir.resolve("message-" + System.nanoTime() + ".eml"), message);
        Process process = new ProcessBuilder(PYTHON, script.toString(), dns.getHostAddress(), file.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "dkimpy did not finish");
        assertEquals(0, process.exitValue(), "the independent DKIM verifier failed (python3-dkim is installed by bin/test): "
                + output);
        return output.lines().filter(line -> !line.startsWith("error: ")).toList();
    }
}
