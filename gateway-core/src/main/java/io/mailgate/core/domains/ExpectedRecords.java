package io.mailgate.core.domains;

import java.util.ArrayList;
import java.util.List;

/**
 * The DNS records a sending domain publishes for the gateway (POLICY AUTH-2 to AUTH-6), built from
 * its state and the gateway's sending IPs:
 * <ul>
 *   <li>ownership: {@code _mailgate.<domain> TXT "mailgate-verification=<token>"} (AUTH-2);</li>
 *   <li>SPF: {@code <domain> TXT "v=spf1 ip4:… ip6:… -all"} (AUTH-3); any record whose
 *       evaluation passes for every sending IP will do, such as an existing record with our
 *       addresses or an include added;</li>
 *   <li>DKIM: {@code <selector>._domainkey.<domain> TXT "v=DKIM1; k=rsa; p=…"} and the same with
 *       {@code k=ed25519} (AUTH-4);</li>
 *   <li>DMARC: {@code _dmarc.<domain> TXT "v=DMARC1; p=quarantine"} (AUTH-5); a record at the
 *       organizational domain also counts;</li>
 *   <li>mailboxes: an MX (or A) record so that abuse@ and postmaster@ receive mail (AUTH-6, a
 *       warning only).</li>
 * </ul>
 */
public final class ExpectedRecords {

    public static final String OWNERSHIP = "ownership";
    public static final String SPF = "spf";
    public static final String DKIM_PREFIX = "dkim:";
    public static final String DMARC = "dmarc";
    public static final String MAILBOXES = "mailboxes";
    static final String TOKEN_PREFIX = "mailgate-verification=";

    /**
     * One record to publish.
     *
     * @param kind  the key of its check ({@code dkim:<selector>} for a DKIM key)
     * @param type  the DNS type: TXT, or MX for the mailbox check
     * @param name  the owner name
     * @param value what to publish (for MX, a description: the host is the tenant's)
     */
    public record ExpectedRecord(String kind, String type, String name, String value) {
    }

    private ExpectedRecords() {
    }

    public static List<ExpectedRecord> of(DomainState state, List<String> sendingIps) {
        String domain = state.domain();
        List<ExpectedRecord> records = new ArrayList<>();
        records.add(new ExpectedRecord(OWNERSHIP, "TXT", ownershipName(domain), TOKEN_PREFIX + state.token()));
        records.add(new ExpectedRecord(SPF, "TXT", domain, spfRecord(sendingIps)));
        for (DkimKeyPair key : state.keys()) {
            records.add(new ExpectedRecord(DKIM_PREFIX + key.selector(), "TXT", key.recordName(domain), key.txtValue()));
        }
        records.add(new ExpectedRecord(DMARC, "TXT", "_dmarc." + domain, "v=DMARC1; p=quarantine"));
        records.add(new ExpectedRecord(MAILBOXES, "MX", domain,
                "a mail server that receives mail for abuse@" + domain + " and postmaster@" + domain));
        return records;
    }

    static String ownershipName(String domain) {
        return "_mailgate." + domain;
    }

    /** The SPF record that authorizes exactly the gateway's sending IPs. */
    static String spfRecord(List<String> sendingIps) {
        if (sendingIps.isEmpty()) {
            return "v=spf1 ip4:<the gateway's sending address> -all (set delivery.sending-ips to show it)";
        }
        StringBuilder record = new StringBuilder("v=spf1");
        for (String ip : sendingIps) {
            record.append(ip.contains(":") ? " ip6:" : " ip4:").append(ip);
        }
        return record.append(" -all").toString();
    }

    /** The SPF mechanism that authorizes one address. */
    static String spfMechanism(String ip) {
        return (ip.contains(":") ? "ip6:" : "ip4:") + ip;
    }
}
