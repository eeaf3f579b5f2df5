package io.mailgate.plugin.rbl;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.mailgate.api.Blocklists;
import io.mailgate.api.Blocklists.Subject;
import io.mailgate.plugin.rbl.AnswerMeanings.Meaning;
import io.mailgate.plugin.rbl.DnsblClient.Answer;
import io.mailgate.plugin.rbl.DnsblClient.Status;

/**
 * One round of checks (POLICY.md REP-1): each list is first asked for its RFC 5782 test entries
 * (a list that lists its negative entry is broken and is left out, with an alert, until it stops;
 * one that does not answer at all is left out of this round); then every sending IP and every
 * tenant's sending domain is asked of every list that is left, all queries at once within the
 * client's concurrency. Results go to {@link Blocklists}: a listing, a clean answer, or, for a
 * refused, error or malformed answer, one alert per list and kind; an unanswered query reports
 * nothing: "unknown" is neither a listing nor a clean bill.
 */
final class CheckRound {

    /** What a round found, for the log and the tests. */
    record Summary(int lists, int skippedLists, int listed, int clean, int unknown, int alerts, long millis) {
    }

    private record Query(String list, Subject kind, String subject, String name, CompletableFuture<Answer> answer) {
    }

    private final Blocklists target;
    private final DnsblClient client;
    private final AnswerMeanings meanings;
    /** Lists found broken (they list their negative test entry): skipped until they stop. */
    private final Set<String> broken;

    CheckRound(Blocklists target, DnsblClient client, AnswerMeanings meanings, Set<String> broken) {
        this.target = target;
        this.client = client;
        this.meanings = meanings;
        this.broken = broken;
    }

    Summary run(List<String> ipLists, List<String> domainLists, List<InetAddress> ips, Set<String> domains)
            throws InterruptedException {
        long start = System.nanoTime();
        int skipped = 0;
        List<Query> queries = new ArrayList<>();
        for (String list : ipLists) {
            if (!usable(list, QueryNames.ip(address(QueryNames.IP_TEST_LISTED), list),
                    QueryNames.ip(address(QueryNames.IP_TEST_UNLISTED), list), QueryNames.IP_TEST_UNLISTED)) {
                skipped++;
                continue;
            }
            for (InetAddress ip : ips) {
                String name = QueryNames.ip(ip, list);
                queries.add(new Query(list, Subject.IP, ip.getHostAddress(), name, client.lookup(name)));
            }
        }
        for (String list : domainLists) {
            if (!usable(list, QueryNames.domain(QueryNames.DOMAIN_TEST_LISTED, list),
                    QueryNames.domain(QueryNames.DOMAIN_TEST_UNLISTED, list), "INVALID")) {
                skipped++;
                continue;
            }
            for (String domain : domains) {
                String name = QueryNames.domain(domain, list);
                queries.add(new Query(list, Subject.DOMAIN, domain, name, client.lookup(name)));
            }
        }
        int listed = 0;
        int clean = 0;
        int unknown = 0;
        // per list and kind of trouble: how many, and the first subject, for one alert each
        Map<String, List<String>> trouble = new LinkedHashMap<>();
        for (Query query : queries) {
            Answer answer = query.answer().join();
            if (answer.status() == Status.UNKNOWN) {
                unknown++; // no answer: neither a listing nor a clean bill
                continue;
            }
            switch (verdict(query.list(), answer)) {
                case LISTED -> {
                    listed++;
                    InetAddress code = firstListed(query.list(), answer);
                    target.listed(query.kind(), query.subject(), query.list(), code.getHostAddress(), client.text(query.name()));
                }
                case IGNORE -> {
                    clean++;
                    target.clean(query.kind(), query.subject(), query.list());
                }
                case REFUSED, ERROR, MALFORMED -> {
                    unknown++;
                    String what = describe(query.list(), answer);
                    trouble.computeIfAbsent(query.list() + "\u0000" + what, k -> new ArrayList<>()).add(query.subject());
                }
                default -> throw new IllegalStateException("no verdict for " + answer);
            }
        }
        int alerts = 0;
        for (Map.Entry<String, List<String>> entry : trouble.entrySet()) {
            String[] key = entry.getKey().split("\u0000", 2);
            List<String> subjects = entry.getValue();
            target.alert(key[0], subjects.get(0), key[1] + (subjects.size() == 1 ? "" : " (" + subjects.size()
                    + " queries this round)") + "; not counted as a listing");
            alerts++;
        }
        return new Summary(ipLists.size() + domainLists.size(), skipped, listed, clean, unknown, alerts,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** LISTED, IGNORE (clean), REFUSED/ERROR/MALFORMED (an alert), or null for an unknown answer. */
    private Meaning verdict(String list, Answer answer) {
        return switch (answer.status()) {
            case NOT_LISTED -> Meaning.IGNORE;
            case UNKNOWN -> null;
            case MALFORMED -> Meaning.MALFORMED;
            case ADDRESSES -> {
                Meaning worst = Meaning.IGNORE;
                for (InetAddress address : answer.addresses()) {
                    Meaning meaning = meanings.of(list, address);
                    if (meaning != Meaning.IGNORE && (worst == Meaning.IGNORE || meaning != Meaning.LISTED)) {
                        worst = meaning; // an alert code outweighs a listing code in the same answer
                    }
                }
                yield worst;
            }
        };
    }

    private InetAddress firstListed(String list, Answer answer) {
        return answer.addresses().stream().filter(a -> meanings.of(list, a) == Meaning.LISTED).findFirst().orElseThrow();
    }

    private String describe(String list, Answer answer) {
        if (answer.status() == Status.MALFORMED) {
            return answer.detail();
        }
        List<String> codes = answer.addresses().stream().map(InetAddress::getHostAddress).toList();
        Meaning meaning = verdict(list, answer);
        return switch (meaning) {
            case REFUSED -> "the list refused the query (" + String.join(", ", codes) + ")";
            case ERROR -> "the list answered with an error code (" + String.join(", ", codes) + ")";
            default -> "a malformed answer (" + String.join(", ", codes) + "): a list answers in 127.0.0.0/8";
        };
    }

    /**
     * The RFC 5782 test: the negative entry must not be listed (else the list is broken: disabled,
     * with an alert) and the positive one should be (else an alert). A list that answers neither is
     * unreachable this round.
     */
    private boolean usable(String list, String positiveName, String negativeName, String negativeEntry)
            throws InterruptedException {
        Answer negative = client.lookup(negativeName).join();
        Answer positive = client.lookup(positiveName).join();
        if (negative.status() == Status.UNKNOWN && positive.status() == Status.UNKNOWN) {
            target.alert(list, "", "the list did not answer its test queries (" + negative.detail() + "): this round's results are unknown");
            return false;
        }
        Meaning negativeMeaning = verdict(list, negative);
        if (negativeMeaning == Meaning.LISTED) {
            if (broken.add(list)) {
                target.alert(list, negativeEntry, "the list lists its RFC 5782 negative test entry " + negativeEntry
                        + ": it is broken and disabled until it stops");
            }
            return false;
        }
        if (broken.remove(list)) {
            target.alert(list, negativeEntry, "the list no longer lists its negative test entry: enabled again");
        }
        if (verdict(list, positive) != Meaning.LISTED) {
            target.alert(list, "", "the list does not list its RFC 5782 positive test entry ("
                    + (positive.status() == Status.UNKNOWN ? positive.detail() : "answer " + positive.status()) + ")");
        }
        return true;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
