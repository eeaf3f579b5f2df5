package io.mailgate.core.cli;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import io.mailgate.core.config.ConfigException;
import io.mailgate.core.config.GatewayConfig;
import io.mailgate.core.config.GatewayConfig.Key;
import io.mailgate.core.domains.DomainSettings;
import io.mailgate.mailauth.spf.DnsjavaSpfDns;
import io.mailgate.mailauth.spf.SpfDns;

/**
 * What mailgatectl takes from the gateway's configuration file ({@code --config}, default
 * {@code conf/mailgate.conf}, or the one bin/mailgatectl names): the DNS resolvers and timeout the
 * gateway uses, its home (for {@code admin.token}) and the admin listener.
 *
 * <p>{@code -Dmailgate.<key>} system properties are not read: in tests the JVM carries unrelated
 * {@code mailgate.*} properties, and the CLI's settings come from the file and its options.
 */
final class CliConfig {

    /** Set by bin/mailgatectl to the installation's conf/mailgate.conf. */
    static final String DEFAULT_CONFIG_PROPERTY = "mailgatectl.config";

    private final GatewayConfig config;

    private CliConfig(GatewayConfig config) {
        this.config = config;
    }

    /**
     * @param configFile {@code --config}, if given; it must then exist
     * @param resolver {@code --resolver host:port}, if given: replaces {@code dns.resolvers}
     */
    static CliConfig load(Optional<String> configFile, Optional<String> resolver) throws UsageException, CommandFailure {
        Path file = Path.of(configFile.orElse(System.getProperty(DEFAULT_CONFIG_PROPERTY, "conf/mailgate.conf")));
        if (configFile.isPresent() && !Files.isRegularFile(file)) {
            throw new UsageException("--config " + file + ": no such file");
        }
        List<String> sets = new ArrayList<>();
        resolver.ifPresent(r -> sets.add(Key.DNS_RESOLVERS.key + "=" + r));
        try {
            return new CliConfig(GatewayConfig.load(file, new Properties(), sets));
        } catch (ConfigException e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    /** The gateway's resolver setting: dns.resolvers (or --resolver), domains.dns-timeout. */
    SpfDns dns() throws UsageException {
        DomainSettings settings;
        try {
            settings = DomainSettings.of(config);
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad resolver (expected host:port): " + e.getMessage());
        }
        return DnsjavaSpfDns.of(settings.resolvers(), settings.dnsTimeout());
    }

    Path home() {
        return config.home();
    }

    /** The admin listener as a client reaches it: a wildcard address means this host. */
    String adminAuthority() throws CommandFailure {
        List<InetSocketAddress> listen;
        try {
            listen = config.getListen(Key.ADMIN_LISTEN);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("admin.listen: " + e.getMessage());
        }
        if (listen.isEmpty()) {
            throw new CommandFailure("admin.listen is empty: the gateway has no REST API to call");
        }
        InetSocketAddress address = listen.get(0);
        String host = address.getAddress() == null || address.getAddress().isAnyLocalAddress()
                ? "127.0.0.1" : address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
