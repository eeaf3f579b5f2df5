package io.mailgate.core.domains;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.mailgate.mailauth.dmarc.Alignment;
import io.mailgate.mailauth.dmarc.DmarcDiscovery;
import io.mailgate.mailauth.dmarc.DmarcRecord;
import io.mailgate.mailauth.spf.SpfDns;
import io.mailgate.mailauth.spf.SpfEvaluator;
import io.mailgate.mailauth.spf.SpfResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks up every record of {@link ExpectedRecords} and says, for each, whether it checks out, with
 * a reason a person can act on. One verifier serves one run: give it a fresh {@link SpfDns} so that
 * a record just fixed is seen at once.
 *
 * <p>SPF is evaluated ({@code check_host} for {@code postmaster@<domain>}) for every sending IP and
 * must pass; the text of the record only helps to word the reason. TXT strings are joined before
 * they are compared (an RSA key is longer than one 255-character string). A DNS failure is a
 * {@link RecordStatus#TEMPERROR}, never a missing record.
 */
final class DomainVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(DomainVerifier.class);

    /** The checks and the DMARC record's DKIM alignment (empty when DMARC could not be read). */
    record Verification(Map<String, RecordCheck> checks, Optional<Boolean> strictDkimAlignment) {
    }

    private final SpfDns dns;
    private final SpfEvaluator spf;
    private final List<String> sendingIps;

    DomainVerifier(SpfDns dns, SpfEvaluator spf, List<String> sendingIps) {
        this.dns = dns;
        this.spf = spf;
        this.sendingIps = List.copyOf(sendingIps);
    }

    Verification verify(DomainState state) {
        Map<String, RecordCheck> checks = new LinkedHashMap<>();
        String domain = state.domain();
        put(checks, guarded(ExpectedRecords.OWNERSHIP, () -> ownership(domain, state.token())));
        put(checks, guarded(ExpectedRecords.SPF, () -> spf(domain)));
        for (DkimKeyPair key : state.keys()) {
            put(checks, guarded(ExpectedRecords.DKIM_PREFIX + key.selector(), () -> dkim(domain, key)));
        }
        AtomicReference<Optional<Boolean>> strict = new AtomicReference<>(Optional.empty());
        put(checks, guarded(ExpectedRecords.DMARC, () -> {
            DmarcDiscovery.Outcome outcome = new DmarcDiscovery(dns).discover(domain);
            if (outcome instanceof DmarcDiscovery.Found found) {
                strict.set(Optional.of(found.record().dkimAlignment() == Alignment.STRICT));
            } else if (!(outcome instanceof DmarcDiscovery.TempError)) {
                strict.set(Optional.of(false));
            }
            return dmarc(domain, outcome);
        }));
        put(checks, guarded(ExpectedRecords.MAILBOXES, () -> mailboxes(domain)));
        return new Verification(checks, strict.get());
    }

    private interface Check {
        RecordCheck run() throws SpfDns.DnsFailure;
    }

    /** A check that fails in an unforeseen way (a resolver bug, a reply dnsjava chokes on) is a temperror, not a crash. */
    private static RecordCheck guarded(String kind, Check check) {
        try {
            return check.run();
        } catch (SpfDns.DnsFailure e) {
            return new RecordCheck(kind, RecordStatus.TEMPERROR, "DNS did not answer: " + e.getMessage()
                    + "; checked again later (a temporary failure alone does not unverify the domain)");
        } catch (RuntimeException e) {
            LOG.warn("checking the {} record failed", kind, e);
            return new RecordCheck(kind, RecordStatus.TEMPERROR, "the check failed (" + e
                    + "); checked again later (a temporary failure alone does not unverify the domain)");
        }
    }

    private static void put(Map<String, RecordCheck> checks, RecordCheck check) {
        checks.put(check.kind(), check);
    }

    private RecordCheck ownership(String domain, String token) throws SpfDns.DnsFailure {
        String name = ExpectedRecords.ownershipName(domain);
        List<String> texts = dns.lookup(name, SpfDns.Type.TXT);
        String expected = ExpectedRecords.TOKEN_PREFIX + token;
        if (texts.stream().anyMatch(text -> text.strip().equals(expected))) {
            return ok(ExpectedRecords.OWNERSHIP, "the ownership token is published at " + name);
        }
        if (texts.isEmpty()) {
            return new RecordCheck(ExpectedRecords.OWNERSHIP, RecordStatus.MISSING,
                    "no TXT record at " + name + ": publish \"" + expected + "\"");
        }
        return new RecordCheck(ExpectedRecords.OWNERSHIP, RecordStatus.WRONG,
                "the TXT record at " + name + " does not hold this domain's token: publish \"" + expected + "\"");
    }

    private RecordCheck spf(String domain) throws SpfDns.DnsFailure {
        String kind = ExpectedRecords.SPF;
        if (sendingIps.isEmpty()) {
            return new RecordCheck(kind, RecordStatus.WARNING,
                    "delivery.sending-ips is not set, so the gateway cannot tell whether SPF for " + domain + " authorizes it");
        }
        List<String> notAuthorized = new ArrayList<>();
        SpfResult.Result failure = null;
        for (String ip : sendingIps) {
            SpfResult result = spf.evaluate(ip, "postmaster@" + domain, domain);
            switch (result.result()) {
                case PASS -> {
                }
                case NONE -> {
                    return new RecordCheck(kind, RecordStatus.MISSING, "no SPF record (v=spf1) at " + domain
                            + ": publish \"" + ExpectedRecords.spfRecord(sendingIps) + "\"");
                }
                case TEMPERROR -> throw new SpfDns.DnsFailure("SPF for " + domain + ": " + result.explanation());
                case PERMERROR -> {
                    return new RecordCheck(kind, RecordStatus.WRONG, "the SPF record of " + domain
                            + " is broken (permerror: " + result.explanation() + "); receivers treat it as a failure");
                }
                default -> {
                    notAuthorized.add(ip);
                    failure = result.result();
                }
            }
        }
        if (notAuthorized.isEmpty()) {
            return ok(kind, "SPF for " + domain + " authorizes " + String.join(", ", sendingIps));
        }
        String mechanisms = String.join(" ", notAuthorized.stream().map(ExpectedRecords::spfMechanism).toList());
        Optional<String> all = allTerm(domain);
        String found = all.map(term -> "SPF for " + domain + " ends in " + term + " without authorizing ")
                .orElse("SPF for " + domain + " gives " + failure.label() + " for ");
        return new RecordCheck(kind, RecordStatus.WRONG,
                found + String.join(", ", notAuthorized) + ": add " + mechanisms + " to it");
    }

    /** The {@code all} term the domain's SPF record ends in, such as {@code ~all}, for the reason text. */
    private Optional<String> allTerm(String domain) throws SpfDns.DnsFailure {
        for (String text : dns.lookup(domain, SpfDns.Type.TXT)) {
            String[] terms = text.strip().split("\\s+");
            if (terms.length > 1 && terms[0].equalsIgnoreCase("v=spf1")) {
                String last = terms[terms.length - 1].toLowerCase(Locale.ROOT);
                if (last.matches("[-~?+]?all")) {
                    return Optional.of(last);
                }
            }
        }
        return Optional.empty();
    }

    private RecordCheck dkim(String domain, DkimKeyPair key) throws SpfDns.DnsFailure {
        String kind = ExpectedRecords.DKIM_PREFIX + key.selector();
        String name = key.recordName(domain);
        List<String> texts = dns.lookup(name, SpfDns.Type.TXT);
        if (texts.isEmpty()) {
            return new RecordCheck(kind, RecordStatus.MISSING, "no TXT record at " + name + ": publish the "
                    + key.algorithm().keyType + " key shown");
        }
        String problem = null;
        for (String text : texts) {
            Map<String, String> tags = dkimTags(text);
            String version = tags.getOrDefault("v", "DKIM1");
            String keyType = tags.getOrDefault("k", "rsa").toLowerCase(Locale.ROOT);
            String published = tags.getOrDefault("p", null);
            if (!version.equals("DKIM1")) {
                problem = "the record at " + name + " is not a DKIM key record (v=" + version + ")";
            } else if (published == null) {
                problem = "the record at " + name + " has no p= tag";
            } else if (published.isEmpty()) {
                problem = "the DKIM key at " + name + " is revoked (empty p=): publish the key shown";
            } else if (!keyType.equals(key.algorithm().keyType)) {
                problem = "the record at " + name + " has k=" + keyType + "; the gateway signs with "
                        + key.algorithm().keyType + " under this selector";
            } else if (!published.equals(key.publicKey())) {
                problem = "the DKIM key published at " + name + " is not the gateway's key: publish the value shown";
            } else {
                return ok(kind, "the gateway's " + key.algorithm().keyType + " key is published at " + name);
            }
        }
        return new RecordCheck(kind, RecordStatus.WRONG, problem);
    }

    /** Tags of a DKIM key record (RFC 6376 section 3.6.1); white space inside values is folding and removed. */
    static Map<String, String> dkimTags(String text) {
        Map<String, String> tags = new HashMap<>();
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                String tag = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                tags.putIfAbsent(tag, part.substring(eq + 1).replaceAll("\\s+", ""));
            }
        }
        return tags;
    }

    private static RecordCheck dmarc(String domain, DmarcDiscovery.Outcome outcome) throws SpfDns.DnsFailure {
        String kind = ExpectedRecords.DMARC;
        String at = "_dmarc." + outcome.recordDomain();
        String fallback = outcome.recordDomain().equals(domain) ? "" : " (the organizational domain's record)";
        if (outcome instanceof DmarcDiscovery.TempError temp) {
            throw new SpfDns.DnsFailure(temp.problem());
        }
        if (outcome instanceof DmarcDiscovery.Absent) {
            return new RecordCheck(kind, RecordStatus.MISSING, "no DMARC record at _dmarc." + domain
                    + (fallback.isEmpty() ? "" : " nor at " + at) + ": publish \"v=DMARC1; p=quarantine\"");
        }
        if (outcome instanceof DmarcDiscovery.Invalid invalid) {
            return new RecordCheck(kind, RecordStatus.WRONG, invalid.problem());
        }
        DmarcDiscovery.Found found = (DmarcDiscovery.Found) outcome;
        DmarcRecord.Policy policy = found.record().policyFor(domain, found.recordDomain());
        if (!policy.atLeastQuarantine()) {
            return new RecordCheck(kind, RecordStatus.WARNING, "DMARC p=none at " + at + fallback
                    + ": p=quarantine or stricter is recommended");
        }
        return ok(kind, "DMARC p=" + policy.tag() + " at " + at + fallback);
    }

    private RecordCheck mailboxes(String domain) throws SpfDns.DnsFailure {
        String kind = ExpectedRecords.MAILBOXES;
        List<String> exchanges = dns.lookup(domain, SpfDns.Type.MX);
        if (exchanges.size() == 1 && (exchanges.get(0).isEmpty() || exchanges.get(0).equals("."))) {
            return new RecordCheck(kind, RecordStatus.WARNING, domain + " publishes a null MX: abuse@" + domain
                    + " and postmaster@" + domain + " cannot receive mail");
        }
        if (!exchanges.isEmpty()) {
            return ok(kind, "abuse@ and postmaster@ mail goes to " + String.join(", ", exchanges));
        }
        if (!dns.lookup(domain, SpfDns.Type.A).isEmpty() || !dns.lookup(domain, SpfDns.Type.AAAA).isEmpty()) {
            return ok(kind, domain + " has no MX; abuse@ and postmaster@ mail goes to its address record");
        }
        return new RecordCheck(kind, RecordStatus.WARNING, "no MX or address record for " + domain
                + ": abuse@" + domain + " and postmaster@" + domain + " cannot receive mail");
    }

    private static RecordCheck ok(String kind, String reason) {
        return new RecordCheck(kind, RecordStatus.OK, reason);
    }
}
