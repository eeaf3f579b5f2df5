package io.mailgate.core.reputation;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.xbill.DNS.ReverseMap;

import io.mailgate.core.domains.DomainView;
import io.mailgate.core.domains.RecordStatus;
import io.mailgate.core.domains.SendingDomainService;
import io.mailgate.mailauth.spf.SpfDns;

/**
 * Whether a tenant's mail meets the large mailbox providers' bulk-sender rules (Gmail and Yahoo,
 * 2024): SPF, DKIM and DMARC aligned on every sending domain, one-click unsubscribe, a complaint
 * rate under 0.1 % (never 0.3 %), forward-confirmed PTR records of the sending addresses, TLS to the
 * providers. Each check says {@code pass}, {@code fail}, or {@code unknown} where the gateway has no
 * data for it (or DNS did not answer).
 */
public final class BulkSenderReadiness {

    /** One requirement: {@code pass}, {@code fail} or {@code unknown}, and what was measured. */
    public record Check(String requirement, String result, String detail) {
    }

    public record Report(String tenantId, String overall, List<Check> checks) {
    }

    private final SendingDomainService domains;
    private final ReputationService reputation;
    private final List<String> sendingIps;
    private final SpfDns dns;

    public BulkSenderReadiness(SendingDomainService domains, ReputationService reputation, List<String> sendingIps, SpfDns dns) {
        this.domains = domains;
        this.reputation = reputation;
        this.sendingIps = List.copyOf(sendingIps);
        this.dns = dns;
    }

    public Report of(String tenantId) {
        List<Check> checks = new ArrayList<>();
        List<DomainView> views = domains.list(tenantId);
        if (views.isEmpty()) {
            checks.add(new Check("spf", "fail", "the tenant has no sending domain"));
        }
        for (DomainView view : views) {
            checks.add(record(view, "spf", "SPF"));
            checks.add(record(view, "dkim", "DKIM"));
            checks.add(record(view, "dmarc", "DMARC"));
        }
        Figures figures = reputation.figures(tenantId);
        checks.add(oneClick(figures));
        checks.add(complaints(figures));
        checks.add(ptr());
        checks.add(tls(figures));
        String overall = checks.stream().anyMatch(c -> c.result().equals("fail")) ? "fail"
                : checks.stream().anyMatch(c -> c.result().equals("unknown")) ? "unknown" : "pass";
        return new Report(tenantId, overall, checks);
    }

    /** Each sending address has a PTR record naming a host whose address records lead back to it (FCrDNS). */
    private Check ptr() {
        if (sendingIps.isEmpty()) {
            return new Check("ptr", "unknown", "delivery.sending-ips is not set");
        }
        List<String> confirmed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String ip : sendingIps) {
            try {
                InetAddress address = InetAddress.getByName(ip); // a literal: no lookup
                List<String> names = dns.lookup(ReverseMap.fromAddress(address).toString(true), SpfDns.Type.PTR);
                String name = null;
                for (String candidate : names.subList(0, Math.min(names.size(), 10))) {
                    List<String> back = dns.lookup(candidate, address instanceof Inet4Address ? SpfDns.Type.A : SpfDns.Type.AAAA);
                    if (back.stream().anyMatch(found -> sameAddress(found, address))) {
                        name = candidate;
                        break;
                    }
                }
                if (names.isEmpty()) {
                    problems.add(ip + " has no PTR record");
                } else if (name == null) {
                    problems.add(ip + " has the PTR " + names.get(0) + ", whose addresses do not include it");
                } else {
                    confirmed.add(ip + " is " + name);
                }
            } catch (UnknownHostException e) {
                problems.add(ip + " is not an address");
            } catch (SpfDns.DnsFailure e) {
                return new Check("ptr", "unknown", ip + ": DNS did not answer (" + e.getMessage() + ")");
            }
        }
        return problems.isEmpty() ? new Check("ptr", "pass", String.join(", ", confirmed) + " (forward-confirmed)")
                : new Check("ptr", "fail", String.join("; ", problems));
    }

    private static boolean sameAddress(String text, InetAddress address) {
        try {
            return InetAddress.getByName(text).equals(address);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** From what delivery saw: every delivered list message (one with List-Unsubscribe) must offer one-click unsubscribe. */
    private static Check oneClick(Figures figures) {
        long list = figures.total(ReputationEvent.LIST_DELIVERED);
        long without = figures.total(ReputationEvent.LIST_WITHOUT_ONE_CLICK);
        if (list == 0) {
            return new Check("one-click-unsubscribe", "unknown", "no list mail (with List-Unsubscribe) delivered in the window");
        }
        if (without > 0) {
            return new Check("one-click-unsubscribe", "fail", without + " of " + list + " list messages delivered in the window"
                    + " lacked List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058)");
        }
        return new Check("one-click-unsubscribe", "pass", "all " + list + " list messages delivered in the window offered"
                + " one-click unsubscribe (RFC 8058)");
    }

    /** From what delivery saw: mail to the large mailbox providers (every named provider group) must go over TLS. */
    private Check tls(Figures figures) {
        ProviderGroups groups = reputation.groups();
        long delivered = 0;
        long plain = 0;
        List<String> without = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            if (groups.name(g).equals(ProviderGroups.OTHER)) {
                continue;
            }
            delivered += figures.of(g, ReputationEvent.DELIVERED);
            long groupPlain = figures.of(g, ReputationEvent.DELIVERED_WITHOUT_TLS);
            plain += groupPlain;
            if (groupPlain > 0) {
                without.add(groups.name(g));
            }
        }
        if (delivered == 0) {
            return new Check("tls", "unknown", "nothing delivered to the large mailbox providers in the window");
        }
        if (plain > 0) {
            return new Check("tls", "fail", plain + " of " + delivered + " messages to the large mailbox providers went without"
                    + " TLS (" + String.join(", ", without) + ")");
        }
        return new Check("tls", "pass", "all " + delivered + " messages to the large mailbox providers went over TLS");
    }

    private static Check complaints(Figures figures) {
        long delivered = figures.total(ReputationEvent.DELIVERED);
        long complaints = figures.total(ReputationEvent.COMPLAINT);
        if (delivered == 0) {
            return new Check("complaint-rate", "unknown", "nothing delivered in the window yet");
        }
        double percent = figures.percentOfDelivered(ReputationEvent.COMPLAINT);
        String measured = String.format(Locale.ROOT, "%d complaints of %d delivered (%.3f %%)", complaints, delivered, percent);
        if (percent >= 0.3) {
            return new Check("complaint-rate", "fail", measured + ": at or over 0.3 %, the providers' limit");
        }
        if (percent >= 0.1) {
            return new Check("complaint-rate", "fail", measured + ": over the 0.1 % the providers ask to stay under");
        }
        return new Check("complaint-rate", "pass", measured + ": under 0.1 %");
    }

    /** The domain's record of that kind, as the last DNS check saw it; DMARC alignment follows from the gateway signing with the domain's key. */
    private static Check record(DomainView view, String kind, String label) {
        List<DomainView.RecordView> records = view.records().stream().filter(r -> kindOf(r).equals(kind)).toList();
        if (records.isEmpty()) {
            return new Check(kind, "unknown", view.domain() + ": no " + label + " record is expected");
        }
        for (DomainView.RecordView r : records) {
            if (r.status() == RecordStatus.UNCHECKED || r.status() == RecordStatus.TEMPERROR) {
                return new Check(kind, "unknown", view.domain() + ": " + r.reason());
            }
            if (r.status() != RecordStatus.OK && r.status() != RecordStatus.WARNING) {
                return new Check(kind, "fail", view.domain() + ": " + r.reason());
            }
        }
        return new Check(kind, "pass", view.domain() + ": " + records.get(0).reason());
    }

    private static String kindOf(DomainView.RecordView record) {
        String name = record.name().toLowerCase(Locale.ROOT);
        if (name.startsWith("_dmarc.")) {
            return "dmarc";
        }
        if (name.contains("._domainkey.")) {
            return "dkim";
        }
        return record.value().startsWith("v=spf1") ? "spf" : "other";
    }
}
