package io.mailgate.core.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The gateway's settings: {@code conf/mailgate.conf} ({@code key = value}, {@code #} comments),
 * then {@code -Dmailgate.<key>=} system properties, then {@code --set key=value} arguments, each
 * overriding the one before. Every key is declared in {@link Key}; an unknown key or a bad value
 * stops the start with a {@link ConfigException} that names it.
 */
public final class GatewayConfig {

    private final Map<Key, String> values;
    private final Path confDir;

    private GatewayConfig(Map<Key, String> values, Path confDir) {
        this.values = values;
        this.confDir = confDir;
    }

    /** Reads {@code file} (it may be absent: defaults then), then the overrides, and checks every value. */
    public static GatewayConfig load(Path file, Properties systemProperties, List<String> sets) {
        Map<String, String> raw = new LinkedHashMap<>();
        if (Files.exists(file)) {
            readFile(file, raw);
        }
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith("mailgate.") && !name.equals("mailgate.corpus")) {
                raw.put(name.substring("mailgate.".length()), systemProperties.getProperty(name).trim());
            }
        }
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set " + set + ": expected key=value");
            }
            raw.put(set.substring(0, eq).trim(), set.substring(eq + 1).trim());
        }
        return of(raw, file.toAbsolutePath().getParent());
    }

    /** Settings from a map (tests, embedding); keys and values are checked as from a file. */
    public static GatewayConfig of(Map<String, String> raw, Path confDir) {
        Map<Key, String> values = new LinkedHashMap<>();
        for (Key key : Key.values()) {
            values.put(key, key.defaultValue);
        }
        for (Map.Entry<String, String> entry : raw.entrySet()) {
            Key key = Key.byName(entry.getKey())
                    .orElseThrow(() -> new ConfigException("unknown key '" + entry.getKey() + "'"));
            key.type.check(key, entry.getValue());
            values.put(key, entry.getValue());
        }
        return new GatewayConfig(Collections.unmodifiableMap(values), confDir);
    }

    private static void readFile(Path file, Map<String, String> raw) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (content.isEmpty()) {
                continue;
            }
            int eq = content.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(file + " line " + (i + 1) + ": expected 'key = value', got '" + content + "'");
            }
            raw.put(content.substring(0, eq).trim(), content.substring(eq + 1).trim());
        }
    }

    public String get(Key key) {
        return values.get(key);
    }

    public boolean isSet(Key key) {
        return !values.get(key).isEmpty();
    }

    public int getInt(Key key) {
        return Integer.parseInt(get(key));
    }

    public boolean getBoolean(Key key) {
        return Boolean.parseBoolean(get(key));
    }

    public long getSize(Key key) {
        return ValueType.parseSize(get(key));
    }

    /** A percentage, 0 to 100, such as 0.2. */
    public double getPercent(Key key) {
        return Double.parseDouble(get(key));
    }

    public Duration getDuration(Key key) {
        return ValueType.parseDuration(get(key));
    }

    /** The addresses a listener binds, resolved; empty when the listener is off. */
    public List<InetSocketAddress> getListen(Key key) {
        return getList(key).stream().map(GatewayConfig::socketAddress).toList();
    }

    /** "host:port" or "[v6]:port", resolved. */
    public static InetSocketAddress socketAddress(String hostPort) {
        InetSocketAddress unresolved = ValueType.parseHostPort(hostPort);
        return new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
    }

    /** "host:port" or "[v6]:port", not resolved: the name is looked up later, by the gateway's resolvers. */
    public static InetSocketAddress hostPort(String value) {
        return ValueType.parseHostPort(value);
    }

    /** "250ms", "10s", "15m", "4h", "3d". */
    public static Duration duration(String value) {
        return ValueType.parseDuration(value);
    }

    public List<String> getList(Key key) {
        List<String> list = new ArrayList<>();
        for (String item : get(key).split(",")) {
            if (!item.isBlank()) {
                list.add(item.trim());
            }
        }
        return list;
    }

    /** A path setting; relative paths are resolved against {@code base}. */
    public Path getPath(Key key, Path base) {
        Path path = Path.of(get(key));
        return path.isAbsolute() ? path : base.resolve(path).normalize();
    }

    public Path home() {
        return Path.of(get(Key.HOME)).toAbsolutePath().normalize();
    }

    public Path confDir() {
        return confDir;
    }

    /** Every key the gateway knows, with its type and default; conf/mailgate.conf documents each. */
    public enum Key {
        HOME("home", ValueType.STRING, "var"),
        SMTP_RELAY_LISTEN("smtp.relay.listen", ValueType.LISTEN, "0.0.0.0:2525"),
        SMTP_TLS_LISTEN("smtp.tls.listen", ValueType.LISTEN, "0.0.0.0:2465"),
        SMTP_FEEDBACK_LISTEN("smtp.feedback.listen", ValueType.LISTEN, "0.0.0.0:2526"),
        FEEDBACK_BOUNCE_DOMAIN("feedback.bounce-domain", ValueType.STRING, ""),
        FEEDBACK_TOKEN_MAX_AGE("feedback.token-max-age", ValueType.DURATION, "30d"),
        SMTP_HELLO_NAME("smtp.hello-name", ValueType.STRING, ""),
        SMTP_MAX_MESSAGE_SIZE("smtp.max-message-size", ValueType.SIZE, "25M"),
        SMTP_MAX_RECIPIENTS("smtp.max-recipients", ValueType.POSITIVE_INT, "100"),
        SMTP_CONNECTION_LIMIT("smtp.connection-limit", ValueType.POSITIVE_INT, "500"),
        SMTP_CONNECTION_LIMIT_PER_IP("smtp.connection-limit-per-ip", ValueType.POSITIVE_INT, "50"),
        SMTP_TIMEOUT("smtp.timeout", ValueType.DURATION, "5m"),
        SMTP_IN_FLOW_DELAY("smtp.in-flow-delay", ValueType.DURATION, "1s"),
        SMTP_AUTH_MAX_FAILURES("smtp.auth.max-failures", ValueType.POSITIVE_INT, "5"),
        SMTP_AUTH_LOCKOUT("smtp.auth.lockout", ValueType.DURATION, "15m"),
        SMTP_TLS_KEYSTORE("smtp.tls.keystore", ValueType.STRING, ""),
        SMTP_TLS_KEYSTORE_PASSWORD("smtp.tls.keystore-password", ValueType.STRING, ""),
        ADMIN_LISTEN("admin.listen", ValueType.LISTEN, "127.0.0.1:8080"),
        PUBLIC_LISTEN("public.listen", ValueType.LISTEN, "127.0.0.1:8081"),
        PUBLIC_BASE_URL("public.base-url", ValueType.STRING, ""),
        PUBLIC_TOKEN_KEY_ID("public.token-key-id", ValueType.POSITIVE_INT, "1"),
        PUBLIC_TOKEN_MAX_AGE("public.token-max-age", ValueType.DURATION, "60d"),
        PUBLIC_RATE_LIMIT("public.rate-limit", ValueType.POSITIVE_INT, "60"),
        DELIVERY_SMARTHOST("delivery.smarthost", ValueType.HOST_PORT_OR_EMPTY, ""),
        DELIVERY_RETRY_DELAYS("delivery.retry-delays", ValueType.DURATION_LIST, "1m,5m,15m,1h,4h"),
        DELIVERY_MAX_RETRIES("delivery.max-retries", ValueType.POSITIVE_INT, "20"),
        DELIVERY_SENDING_IPS("delivery.sending-ips", ValueType.IP_LIST, ""),
        DNS_RESOLVERS("dns.resolvers", ValueType.STRING, ""),
        DOMAINS_VERIFY_INTERVAL("domains.verify-interval", ValueType.DURATION, "1h"),
        DOMAINS_DNS_TIMEOUT("domains.dns-timeout", ValueType.DURATION, "5s"),
        KEYS_MASTER_KEY("keys.master-key", ValueType.STRING, ""),
        SPOOL_THREADS("spool.threads", ValueType.POSITIVE_INT, "4"),
        STAGE_HOLD_DELAY("chain.stage-hold-delay", ValueType.DURATION, "10s"),
        PLUGINS_DIR("plugins.dir", ValueType.STRING, "plugins"),
        CONTENT_RULES("content.rules", ValueType.STRING, "content-rules.json"),
        CONTENT_SHORTENERS("content.shorteners", ValueType.STRING, ""),
        CONTENT_URI_BLOCKLISTS("content.uri-blocklists", ValueType.STRING, ""),
        CONTENT_DNS_RESOLVERS("content.dns-resolvers", ValueType.STRING, ""),
        CONTENT_DNS_TIMEOUT("content.dns-timeout", ValueType.DURATION, "2s"),
        CONTENT_OPERATOR_CONTACTS("content.operator-contacts", ValueType.STRING, ""),
        DEMO_TENANT("demo.tenant", ValueType.BOOLEAN, "false"),
        SMTP_SUSPENDED_STATUS("smtp.suspended-status", ValueType.SUSPENDED_STATUS, "5.7.1"),
        RBL_IP_LISTS("rbl.ip-lists", ValueType.STRING, ""),
        RBL_DOMAIN_LISTS("rbl.domain-lists", ValueType.STRING, ""),
        RBL_RESOLVERS("rbl.resolvers", ValueType.STRING, ""),
        RBL_INTERVAL("rbl.interval", ValueType.DURATION, "15m"),
        RBL_TIMEOUT("rbl.timeout", ValueType.DURATION, "5s"),
        RBL_CONCURRENCY("rbl.concurrency", ValueType.POSITIVE_INT, "50"),
        RBL_ANSWERS("rbl.answers", ValueType.STRING, ""),
        REPUTATION_WINDOW("reputation.window", ValueType.DURATION, "24h"),
        REPUTATION_MIN_DELIVERED("reputation.min-delivered", ValueType.POSITIVE_INT, "1000"),
        REPUTATION_MAX_COMPLAINTS("reputation.max-complaints", ValueType.PERCENT, "0.2"),
        REPUTATION_MAX_HARD_BOUNCES("reputation.max-hard-bounces", ValueType.PERCENT, "5"),
        REPUTATION_MAX_INVALID("reputation.max-invalid-addresses", ValueType.PERCENT, "3"),
        REPUTATION_MAX_UNSUBSCRIBES("reputation.max-unsubscribes", ValueType.PERCENT, "1"),
        REPUTATION_MAX_PROVIDER_BLOCKS("reputation.max-provider-blocks", ValueType.PERCENT, "50"),
        REPUTATION_PROVIDER_MIN_ATTEMPTS("reputation.provider-min-attempts", ValueType.POSITIVE_INT, "100"),
        REPUTATION_EXPLAIN_WITHIN("reputation.explain-within", ValueType.DURATION, "3d"),
        REPUTATION_FIX_WITHIN("reputation.fix-within", ValueType.DURATION, "14d"),
        REPUTATION_REPEAT_PERIOD("reputation.repeat-period", ValueType.DURATION, "90d");

        public final String key;
        final ValueType type;
        final String defaultValue;

        Key(String key, ValueType type, String defaultValue) {
            this.key = key;
            this.type = type;
            this.defaultValue = defaultValue;
        }

        static Optional<Key> byName(String name) {
            for (Key key : values()) {
                if (key.key.equals(name)) {
                    return Optional.of(key);
                }
            }
            return Optional.empty();
        }
    }
}
