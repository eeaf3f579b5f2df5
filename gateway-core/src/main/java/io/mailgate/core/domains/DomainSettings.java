package io.mailgate.core.domains;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.mailgate.core.config.GatewayConfig;
import io.mailgate.core.config.GatewayConfig.Key;

/**
 * What domain verification needs from the configuration.
 *
 * @param sendingIps the addresses the gateway delivers from ({@code delivery.sending-ips}); SPF must authorize each
 * @param resolvers  the DNS servers to ask ({@code dns.resolvers}); empty means the system's
 * @param dnsTimeout how long one query may take ({@code domains.dns-timeout})
 * @param interval   how often every domain is checked again ({@code domains.verify-interval})
 */
public record DomainSettings(List<String> sendingIps, List<InetSocketAddress> resolvers, Duration dnsTimeout,
                             Duration interval) {

    public DomainSettings {
        sendingIps = List.copyOf(sendingIps);
        resolvers = List.copyOf(resolvers);
    }

    public static DomainSettings of(GatewayConfig config) {
        List<String> ips = new ArrayList<>();
        for (String ip : config.getList(Key.DELIVERY_SENDING_IPS)) {
            ips.add(ip);
        }
        List<InetSocketAddress> resolvers = new ArrayList<>();
        for (String resolver : config.getList(Key.DNS_RESOLVERS)) {
            resolvers.add(resolver(resolver));
        }
        return new DomainSettings(ips, resolvers, config.getDuration(Key.DOMAINS_DNS_TIMEOUT),
                config.getDuration(Key.DOMAINS_VERIFY_INTERVAL));
    }

    /** "192.0.2.53", "192.0.2.53:5353", "2001:db8::53" or "[2001:db8::53]:5353"; the port defaults to 53. */
    public static InetSocketAddress resolver(String text) {
        String host = text;
        int port = 53;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            host = text.substring(1, close);
            if (text.length() > close + 1) {
                port = Integer.parseInt(text.substring(close + 2));
            }
        } else if (text.indexOf(':') > 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = Integer.parseInt(text.substring(text.indexOf(':') + 1));
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("the DNS resolver " + text + " is not an address", e);
        }
    }
}
