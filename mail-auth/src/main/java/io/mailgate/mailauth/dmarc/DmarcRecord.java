package io.mailgate.mailauth.dmarc;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A DMARC policy record (RFC 7489 section 6.3), parsed and with the defaults of the RFC filled in.
 *
 * @param policy           {@code p}, required
 * @param subdomainPolicy  {@code sp}; {@code p} when the record has none
 * @param dkimAlignment    {@code adkim}, relaxed by default
 * @param spfAlignment     {@code aspf}, relaxed by default
 * @param percent          {@code pct}, 0 to 100, 100 by default
 * @param aggregateReports {@code rua} URIs, as written
 * @param failureReports   {@code ruf} URIs, as written
 * @param failureOptions   {@code fo} options ({@code 0}, {@code 1}, {@code d}, {@code s}); {@code 0} by default
 * @param reportInterval   {@code ri}, one day by default
 */
public record DmarcRecord(Policy policy, Policy subdomainPolicy, Alignment dkimAlignment, Alignment spfAlignment,
                          int percent, List<String> aggregateReports, List<String> failureReports,
                          Set<String> failureOptions, Duration reportInterval) {

    /** What the domain owner asks receivers to do with mail that fails DMARC. */
    public enum Policy {
        NONE, QUARANTINE, REJECT;

        /** As the record writes it: {@code none}, {@code quarantine}, {@code reject}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code quarantine} and {@code reject} are what POLICY AUTH-5 recommends. */
        public boolean atLeastQuarantine() {
            return this != NONE;
        }
    }

    public DmarcRecord {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(subdomainPolicy, "subdomainPolicy");
        Objects.requireNonNull(dkimAlignment, "dkimAlignment");
        Objects.requireNonNull(spfAlignment, "spfAlignment");
        aggregateReports = List.copyOf(aggregateReports);
        failureReports = List.copyOf(failureReports);
        failureOptions = Set.copyOf(failureOptions);
        Objects.requireNonNull(reportInterval, "reportInterval");
    }

    /** The policy for mail from {@code domain} when this record was found at {@code recordDomain}. */
    public Policy policyFor(String domain, String recordDomain) {
        return domain.equalsIgnoreCase(recordDomain) ? policy : subdomainPolicy;
    }
}
