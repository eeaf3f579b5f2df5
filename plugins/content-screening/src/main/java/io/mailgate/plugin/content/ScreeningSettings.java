package io.mailgate.plugin.content;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The settings of content screening, from the stage's init parameters (see {@link ScreenContent}).
 *
 * @param headers          headers whose values the {@code headers} field holds
 * @param shorteners       link shortener domains (CON-3), matched with their subdomains
 * @param uriBlocklists    URI blocklist zones (CON-3); empty for none
 * @param resolvers        DNS servers that answer for the blocklists
 * @param dnsTimeout       how long a blocklist may take before the message is deferred
 * @param cacheTtl         how long a blocklist answer is kept
 * @param operatorContacts the operator's own addresses and phone numbers (CON-5)
 */
public record ScreeningSettings(List<String> headers, List<String> shorteners, List<String> uriBlocklists,
                         List<InetSocketAddress> resolvers, Duration dnsTimeout, Duration cacheTtl,
                         List<String> operatorContacts) {

    static final List<String> DEFAULT_HEADERS = List.of("From", "Reply-To", "Organization");
    static final List<String> DEFAULT_SHORTENERS = List.of("bit.ly", "bitly.com", "tinyurl.com", "t.co", "goo.gl",
            "ow.ly", "is.gd", "buff.ly", "cutt.ly", "rebrand.ly", "tiny.cc", "shorturl.at", "rb.gy", "t.ly", "s.id",
            "clck.ru", "vk.cc", "u.to", "qps.ru", "bit.do", "adf.ly", "shorte.st", "lnkd.in", "v.gd", "tr.im");

    public static ScreeningSettings defaults() {
        return new ScreeningSettings(DEFAULT_HEADERS, DEFAULT_SHORTENERS, List.of(), List.of(), Duration.ofSeconds(2),
                Duration.ofMinutes(10), List.of());
    }
}
