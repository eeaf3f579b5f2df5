package io.mailgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mailgate.core.config.GatewayConfig.Key;

class GatewayConfigTest {

    @TempDir
    Path dir;

    @Test
    void loadShouldReadTheFileThenSystemPropertiesThenSets() throws IOException {
        Path file = dir.resolve("mailgate.conf");
        Files.writeString(file, "# a comment\nsmtp.max-recipients = 10   # trailing comment\n\nspool.threads = 3\nhome = a\n");
        Properties system = new Properties();
        system.setProperty("mailgate.spool.threads", "4");
        system.setProperty("mailgate.home", "b");
        system.setProperty("unrelated.property", "ignored");
        GatewayConfig config = GatewayConfig.load(file, system, List.of("home=c"));
        assertEquals(10, config.getInt(Key.SMTP_MAX_RECIPIENTS));
        assertEquals(4, config.getInt(Key.SPOOL_THREADS));
        assertEquals("c", config.get(Key.HOME));
        assertEquals(dir, config.confDir());
    }

    @Test
    void defaultsShouldApplyWhenTheFileIsAbsent() {
        GatewayConfig config = GatewayConfig.load(dir.resolve("missing.conf"), new Properties(), List.of());
        assertEquals(25L * 1024 * 1024, config.getSize(Key.SMTP_MAX_MESSAGE_SIZE));
        assertEquals(Duration.ofMinutes(15), config.getDuration(Key.SMTP_AUTH_LOCKOUT));
        assertEquals("127.0.0.1", config.getListen(Key.ADMIN_LISTEN).get(0).getHostString());
    }

    @Test
    void unknownKeyShouldStopTheStartNamingIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfig.of(Map.of("smtp.relay.lisen", "x"), dir));
        assertEquals("unknown key 'smtp.relay.lisen'", e.getMessage());
    }

    @Test
    void badValuesShouldStopTheStartNamingKeyAndValue() {
        Map<String, String> bad = Map.of(
                "smtp.max-recipients", "0",
                "smtp.max-message-size", "big",
                "smtp.timeout", "5 minutes",
                "admin.listen", "localhost",
                "delivery.smarthost", "mx.example.org:99999",
                "demo.tenant", "yes",
                "delivery.retry-delays", "1m,,soon");
        bad.forEach((key, value) -> {
            ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfig.of(Map.of(key, value), dir), key);
            assertTrue(e.getMessage().startsWith("bad value '" + value + "' for key '" + key + "'"), e.getMessage());
        });
    }

    @Test
    void lineWithoutEqualsShouldBeReportedWithItsLineNumber() throws IOException {
        Path file = dir.resolve("mailgate.conf");
        Files.writeString(file, "home = var\nsmtp.timeout 5m\n");
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfig.load(file, new Properties(), List.of()));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void listsOfListenAddressesShouldAcceptIpv6() {
        GatewayConfig config = GatewayConfig.of(Map.of("smtp.relay.listen", "127.0.0.1:2525, [::1]:2525"), dir);
        assertEquals(2, config.getListen(Key.SMTP_RELAY_LISTEN).size());
        assertEquals(2525, config.getListen(Key.SMTP_RELAY_LISTEN).get(1).getPort());
        assertTrue(GatewayConfig.of(Map.of("smtp.tls.listen", ""), dir).getListen(Key.SMTP_TLS_LISTEN).isEmpty());
    }
}
