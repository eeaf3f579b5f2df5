package io.mailgate.mailauth.spf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

import io.mailgate.mailauth.spf.SpfDns.DnsFailure;
import io.mailgate.mailauth.spf.SpfResult.Result;

/**
 * One run of {@code check_host()} (RFC 7208 sections 4 to 6) with its state: the records fetched,
 * the mechanisms evaluated left to right, {@code include} and {@code redirect} followed, the
 * processing limits counted ({@link LookupBudget}), and for a {@code fail} the explanation.
 *
 * <p>Not thread-safe and used once: {@link Rfc7208Evaluator} makes one per check.
 *
 * <p>DNS errors: a failed query of a term is {@code temperror} (section 5), except where RFC 7208
 * says to carry on: the PTR query of {@code ptr} and the address queries that validate its names
 * (5.5), and everything about explanations (6.2) and {@code %{p}} (7.3).
 */
final class CheckHost {

    /** Per {@code mx} and per PTR answer: at most 10 names whose addresses are queried (4.6.4). */
    static final int MAX_NAMES_PER_TERM = 10;

    private final SpfRequest request;
    private final SpfDns dns;
    private final MacroString defaultExplanation;
    private final long deadlineNanos;
    private final LookupBudget budget = new LookupBudget();
    private List<String> validatedForMacro; // the client's validated names, looked up once for %{p}

    /** How a {@code check_host()} ended, with the record and domain that decided (for {@code exp=}). */
    private record Outcome(Result result, Optional<SpfRecord> record, String domain) {
    }

    CheckHost(SpfRequest request, SpfDns dns, MacroString defaultExplanation, long deadlineNanos) {
        this.request = request;
        this.dns = dns;
        this.defaultExplanation = defaultExplanation;
        this.deadlineNanos = deadlineNanos;
    }

    /** The result for {@code domain}, with the explanation when it is {@code fail}. */
    SpfResult evaluate(String domain) throws SpfException {
        Outcome outcome = checkHost(domain, false);
        if (outcome.result() != Result.FAIL) {
            return SpfResult.of(outcome.result());
        }
        return new SpfResult(Result.FAIL, explanation(outcome.record().orElseThrow(), outcome.domain()));
    }

    private Outcome checkHost(String domain, boolean countVoid) throws SpfException {
        Optional<SpfRecord> found = record(domain, countVoid);
        if (found.isEmpty()) {
            return new Outcome(Result.NONE, found, domain);
        }
        SpfRecord record = found.get();
        for (SpfRecord.Directive directive : record.directives()) {
            if (matches(directive.mechanism(), domain)) {
                return new Outcome(directive.qualifier().result(), found, domain);
            }
        }
        if (record.redirect().isPresent()) {
            MacroString redirect = record.redirect().get();
            budget.countDnsTerm("redirect=" + redirect);
            Optional<String> target = DomainNames.forQuery(redirect.expand(values(domain)));
            if (target.isEmpty()) {
                throw noRecordBehind("redirect=" + redirect, domain, "6.1");
            }
            Outcome redirected = checkHost(target.get(), true);
            if (redirected.result() == Result.NONE) {
                throw noRecordBehind("redirect=" + redirect, domain, "6.1");
            }
            return redirected;
        }
        return new Outcome(Result.NEUTRAL, found, domain);
    }

    /** The SPF record of {@code domain} (4.4, 4.5): none, exactly one, or {@code permerror} for more. */
    private Optional<SpfRecord> record(String domain, boolean countVoid) throws SpfException {
        List<String> txt = termQuery(domain, SpfDns.Type.TXT, countVoid);
        List<String> spf = txt.stream().filter(SpfRecordParser::isSpfRecord).toList();
        if (spf.size() > 1) {
            throw SpfException.permerror(domain + " has " + spf.size() + " SPF records (RFC 7208 4.5)");
        }
        return spf.isEmpty() ? Optional.empty() : Optional.of(SpfRecordParser.parse(spf.get(0)));
    }

    private boolean matches(SpfRecord.Mechanism mechanism, String domain) throws SpfException {
        if (mechanism instanceof SpfRecord.All) {
            return true;
        }
        if (mechanism instanceof SpfRecord.Ip4 ip4) {
            return IpAddresses.inNetwork(request.ip(), ip4.network(), ip4.prefix());
        }
        if (mechanism instanceof SpfRecord.Ip6 ip6) {
            return IpAddresses.inNetwork(request.ip(), ip6.network(), ip6.prefix());
        }
        if (mechanism instanceof SpfRecord.Include include) {
            return includeMatches(include, domain);
        }
        if (mechanism instanceof SpfRecord.A a) {
            budget.countDnsTerm("a");
            Optional<String> target = target(a.domain(), domain);
            return anyInNetwork(termQuery(target, addressType()), a.ip4Prefix(), a.ip6Prefix());
        }
        if (mechanism instanceof SpfRecord.Mx mx) {
            budget.countDnsTerm("mx");
            return mxMatches(termQuery(target(mx.domain(), domain), SpfDns.Type.MX), mx);
        }
        if (mechanism instanceof SpfRecord.Ptr ptr) {
            budget.countDnsTerm("ptr");
            Optional<String> target = target(ptr.domain(), domain);
            return target.isPresent() && !validatedNames(name -> isInDomain(name, target.get()), true).isEmpty();
        }
        SpfRecord.Exists exists = (SpfRecord.Exists) mechanism;
        budget.countDnsTerm("exists");
        return !termQuery(target(Optional.of(exists.domain()), domain), SpfDns.Type.A).isEmpty();
    }

    /** 5.2: pass matches; fail, softfail, neutral do not; none is {@code permerror}; errors end the check. */
    private boolean includeMatches(SpfRecord.Include include, String domain) throws SpfException {
        budget.countDnsTerm("include:" + include.domain());
        Optional<String> target = DomainNames.forQuery(include.domain().expand(values(domain)));
        Result included = target.isPresent() ? checkHost(target.get(), true).result() : Result.NONE;
        if (included == Result.NONE) {
            throw noRecordBehind("include:" + include.domain(), domain, "5.2");
        }
        return included == Result.PASS;
    }

    private static SpfException noRecordBehind(String term, String domain, String section) {
        return SpfException.permerror(term + " of " + domain + " leads to no SPF record (RFC 7208 " + section + ")");
    }

    /** 5.4: the addresses of at most 10 exchanges are looked up; needing more is {@code permerror} (4.6.4). */
    private boolean mxMatches(List<String> exchanges, SpfRecord.Mx mx) throws SpfException {
        int looked = 0;
        for (String exchange : exchanges) {
            looked++;
            if (looked > MAX_NAMES_PER_TERM) {
                throw SpfException.permerror("mx: more than " + MAX_NAMES_PER_TERM + " MX names (RFC 7208 4.6.4)");
            }
            Optional<String> name = DomainNames.forQuery(exchange);
            if (name.isEmpty()) {
                continue; // the null MX "." (RFC 7505) or a name DNS cannot carry
            }
            List<String> addresses;
            try {
                addresses = query(name.get(), addressType());
            } catch (DnsFailure e) {
                throw SpfException.temperror("mx: " + e.getMessage());
            }
            if (anyInNetwork(addresses, mx.ip4Prefix(), mx.ip6Prefix())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's validated names (5.5) among the first 10 PTR names that {@code wanted} accepts: a
     * name is validated when one of its addresses is the client's. A failed PTR query gives no names;
     * a failed address query skips that name.
     */
    private List<String> validatedNames(Predicate<String> wanted, boolean countVoid) throws SpfException {
        List<String> names;
        try {
            names = query(IpAddresses.reverseName(request.ip()), SpfDns.Type.PTR);
        } catch (DnsFailure e) {
            return List.of();
        }
        if (names.isEmpty() && countVoid) {
            budget.countVoidLookup(IpAddresses.reverseName(request.ip()));
        }
        List<String> validated = new ArrayList<>();
        for (String ptrName : names.subList(0, Math.min(MAX_NAMES_PER_TERM, names.size()))) {
            Optional<String> name = DomainNames.forQuery(ptrName);
            if (name.isEmpty() || !wanted.test(name.get())) {
                continue;
            }
            try {
                for (String address : query(name.get(), addressType())) {
                    if (isClient(address)) {
                        validated.add(name.get());
                        break;
                    }
                }
            } catch (DnsFailure e) {
                // 5.5: a DNS error on the address lookup skips this name
            }
        }
        return validated;
    }

    /**
     * The explanation of a {@code fail} (6.2): the TXT record the {@code exp=} of the deciding record
     * points to, expanded; the default explanation when there is no {@code exp=} or it does not work
     * out (no such name, a DNS error, not exactly one TXT record, non-ASCII, a syntax error).
     */
    private String explanation(SpfRecord record, String domain) {
        MacroString.Values values = values(domain);
        if (record.explanation().isPresent()) {
            Optional<String> name = DomainNames.forQuery(record.explanation().get().expand(values));
            try {
                List<String> txt = name.isPresent() ? query(name.get(), SpfDns.Type.TXT) : List.of();
                if (txt.size() == 1) {
                    return MacroString.parse(txt.get(0), MacroString.Kind.EXPLANATION).expand(values);
                }
            } catch (DnsFailure | SpfException e) {
                // 6.2: proceed as if there were no exp=
            }
        }
        return defaultExplanation.expand(values);
    }

    /** The macro values while evaluating the record of {@code domain} (7.3). */
    private MacroString.Values values(String domain) {
        return letter -> switch (letter) {
            case 's' -> request.sender();
            case 'l' -> request.localPart();
            case 'o' -> request.senderDomain();
            case 'd' -> domain;
            case 'i' -> IpAddresses.dotted(request.ip());
            case 'p' -> validatedName(domain);
            case 'v' -> IpAddresses.isIp4(request.ip()) ? "in-addr" : "ip6";
            case 'h' -> request.helo();
            case 'c' -> IpAddresses.readable(request.ip());
            case 'r' -> request.receiver();
            case 't' -> Long.toString(request.epochSeconds());
            default -> throw new IllegalArgumentException("macro letter " + letter);
        };
    }

    /** {@code %{p}}: the validated name that is {@code domain}, else one under it, else any, else "unknown". */
    private String validatedName(String domain) {
        List<String> names = validatedNamesForMacro();
        Optional<String> best = names.stream().filter(n -> n.equalsIgnoreCase(domain)).findFirst()
                .or(() -> names.stream().filter(n -> isInDomain(n, domain)).findFirst())
                .or(() -> names.stream().findFirst());
        return best.orElse("unknown");
    }

    private List<String> validatedNamesForMacro() {
        if (validatedForMacro == null) {
            try {
                validatedForMacro = validatedNames(name -> true, false);
            } catch (SpfException e) {
                validatedForMacro = List.of(); // only void counting throws, and it is off here
            }
        }
        return validatedForMacro;
    }

    private Optional<String> target(Optional<MacroString> spec, String domain) {
        return spec.isPresent() ? DomainNames.forQuery(spec.get().expand(values(domain))) : Optional.of(domain);
    }

    /** The query of a term: a DNS error is {@code temperror}; a void answer counts when asked to. */
    private List<String> termQuery(Optional<String> name, SpfDns.Type type) throws SpfException {
        return name.isPresent() ? termQuery(name.get(), type, true) : List.of();
    }

    private List<String> termQuery(String name, SpfDns.Type type, boolean countVoid) throws SpfException {
        List<String> answer;
        try {
            answer = query(name, type);
        } catch (DnsFailure e) {
            throw SpfException.temperror(e.getMessage());
        }
        if (answer.isEmpty() && countVoid) {
            budget.countVoidLookup(name);
        }
        return answer;
    }

    private List<String> query(String name, SpfDns.Type type) throws DnsFailure {
        if (System.nanoTime() - deadlineNanos >= 0) {
            throw new DnsFailure("time limit of the SPF check exceeded before querying " + name + " " + type);
        }
        return dns.lookup(name, type);
    }

    private SpfDns.Type addressType() {
        return IpAddresses.isIp4(request.ip()) ? SpfDns.Type.A : SpfDns.Type.AAAA;
    }

    private boolean anyInNetwork(List<String> addresses, int ip4Prefix, int ip6Prefix) {
        int prefix = IpAddresses.isIp4(request.ip()) ? ip4Prefix : ip6Prefix;
        for (String text : addresses) {
            byte[] address = IpAddresses.parseIp4(text);
            if (address == null) {
                address = IpAddresses.parseIp6(text);
            }
            if (address != null && IpAddresses.inNetwork(request.ip(), address, prefix)) {
                return true;
            }
        }
        return false;
    }

    private boolean isClient(String address) {
        return anyInNetwork(List.of(address), 32, 128);
    }

    private static boolean isInDomain(String name, String domain) {
        String n = DomainNames.withoutTrailingDot(name).toLowerCase(Locale.ROOT);
        String d = DomainNames.withoutTrailingDot(domain).toLowerCase(Locale.ROOT);
        return n.equals(d) || n.endsWith("." + d);
    }
}
