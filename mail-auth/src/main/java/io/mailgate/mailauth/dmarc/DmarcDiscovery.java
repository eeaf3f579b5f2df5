package io.mailgate.mailauth.dmarc;

import java.util.List;

import io.mailgate.mailauth.spf.SpfDns;

/**
 * Finds the DMARC record that governs a domain (RFC 7489 section 6.6.3): the TXT records at
 * {@code _dmarc.<domain>} that start with {@code v=DMARC1}; when there is none, those at
 * {@code _dmarc.<organizational domain>}. More than one DMARC record at a name means no policy.
 * Uses the same DNS port as SPF ({@link SpfDns}), so one resolver serves both.
 */
public final class DmarcDiscovery {

    /** What the lookup found. {@code recordDomain} is where the record was (or was looked for last). */
    public sealed interface Outcome {
        String recordDomain();
    }

    /** A valid record. */
    public record Found(DmarcRecord record, String recordDomain, String text) implements Outcome {
    }

    /** No DMARC record at the domain nor at its organizational domain. */
    public record Absent(String recordDomain) implements Outcome {
    }

    /** A record that does not parse, or several records at one name; {@code problem} says which. */
    public record Invalid(String problem, String recordDomain) implements Outcome {
    }

    /** DNS did not answer (timeout, SERVFAIL): try again later. */
    public record TempError(String problem, String recordDomain) implements Outcome {
    }

    private final SpfDns dns;

    public DmarcDiscovery(SpfDns dns) {
        this.dns = dns;
    }

    public Outcome discover(String domain) {
        String name = OrganizationalDomain.normalize(domain);
        Outcome atDomain = lookup(name);
        if (!(atDomain instanceof Absent)) {
            return atDomain;
        }
        String organizational = OrganizationalDomain.of(name);
        return organizational.equals(name) ? atDomain : lookup(organizational);
    }

    private Outcome lookup(String domain) {
        String name = "_dmarc." + domain;
        List<String> texts;
        try {
            texts = dns.lookup(name, SpfDns.Type.TXT);
        } catch (SpfDns.DnsFailure e) {
            return new TempError("the DNS lookup of " + name + " TXT failed: " + e.getMessage(), domain);
        }
        List<String> records = texts.stream().filter(DmarcRecordParser::looksLikeDmarc).toList();
        if (records.isEmpty()) {
            return new Absent(domain);
        }
        if (records.size() > 1) {
            return new Invalid(name + " has " + records.size() + " DMARC records; receivers ignore all of them: keep one",
                    domain);
        }
        try {
            return new Found(DmarcRecordParser.parse(records.get(0)), domain, records.get(0));
        } catch (DmarcRecordException e) {
            return new Invalid("the DMARC record at " + name + " is not valid: " + e.getMessage(), domain);
        }
    }
}
