package io.mailgate.core;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import io.mailgate.core.config.GatewayConfig;

/** What the gateway prints once it is up: where to point a mail client and a browser. */
final class Banner {

    private final Gateway gateway;

    Banner(Gateway gateway) {
        this.gateway = gateway;
    }

    /** "*:2525" for every address, "127.0.0.1:2525", "[::1]:2525". */
    static String addresses(List<InetSocketAddress> bound) {
        return bound.stream().map(address -> {
            if (address.getAddress().isAnyLocalAddress()) {
                return "*:" + address.getPort() + " (every address, IPv4 and IPv6)";
            }
            String host = address.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
        }).collect(java.util.stream.Collectors.joining(", "));
    }

    void print(PrintStream out) {
        List<List<InetSocketAddress>> smtp = gateway.smtpAddresses();
        out.println("Mailgate is up.");
        // The listeners come in this order, each only when configured.
        int next = 0;
        for (var listener : List.of(
                Map.entry(GatewayConfig.Key.SMTP_RELAY_LISTEN, "SMTP relay (STARTTLS, AUTH PLAIN/LOGIN): "),
                Map.entry(GatewayConfig.Key.SMTP_TLS_LISTEN, "SMTP implicit TLS:                       "),
                Map.entry(GatewayConfig.Key.SMTP_FEEDBACK_LISTEN, "Bounces and complaints (feedback):       "))) {
            if (gateway.config().isSet(listener.getKey()) && next < smtp.size()) {
                out.println("  " + listener.getValue() + addresses(smtp.get(next++)));
            }
        }
        out.println("  REST admin: " + gateway.admin().baseUri() + "api/v1/  (bearer token in "
                + gateway.config().home().resolve("admin.token") + ")");
        gateway.publicEndpoint().ifPresent(endpoint -> out.println("  Unsubscribe page (" + GatewayConfig.Key.PUBLIC_LISTEN.key
                + "): " + endpoint.baseUri() + "u/<token>"));
        out.println("  Health: " + gateway.admin().baseUri() + "health   Metrics: " + gateway.admin().baseUri() + "metrics");
        gateway.demo().ifPresent(demo -> {
            int port = smtp.isEmpty() ? 2525 : smtp.get(0).get(0).getPort();
            out.println("  Demo tenant: user '" + demo.username() + "', password '" + demo.password()
                    + "', sending domain " + DemoTenant.DOMAIN);
            out.println("  Send a first message:");
            out.println("    swaks --server 127.0.0.1:" + port + " --tls --auth PLAIN --auth-user " + demo.username()
                    + " --auth-password '" + demo.password() + "' --from hello@" + DemoTenant.DOMAIN
                    + " --to someone@example.com");
        });
        out.flush();
    }
}
