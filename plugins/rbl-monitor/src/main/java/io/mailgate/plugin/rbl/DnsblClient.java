package io.mailgate.plugin.rbl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks the configured resolvers (never the system's) for the A and TXT records of blocklist names,
 * with at most {@code concurrency} queries in flight, each bounded by {@code timeout}, and keeps
 * each answer for its TTL (a "not listed" for the SOA minimum, RFC 2308). A query that times out,
 * or gets SERVFAIL or REFUSED, is {@code UNKNOWN} and is not kept.
 */
final class DnsblClient {

    enum Status { ADDRESSES, NOT_LISTED, UNKNOWN, MALFORMED }

    /** @param detail for UNKNOWN and MALFORMED, what happened */
    record Answer(Status status, List<InetAddress> addresses, String detail) {
    }

    private record Cached(Answer answer, long expiresNanos) {
    }

    private final Resolver resolver;
    private final Duration timeout;
    private final Semaphore inFlight;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    DnsblClient(List<InetSocketAddress> resolvers, Duration timeout, int concurrency) {
        if (resolvers.isEmpty()) {
            throw new IllegalArgumentException("no resolver to ask: set rbl.resolvers (or dns.resolvers)");
        }
        List<Resolver> simple = new ArrayList<>();
        for (InetSocketAddress address : resolvers) {
            SimpleResolver one = new SimpleResolver(address);
            one.setTimeout(timeout);
            simple.add(one);
        }
        ExtendedResolver extended = new ExtendedResolver(simple);
        extended.setTimeout(timeout);
        extended.setRetries(1);
        extended.setLoadBalance(false);
        this.resolver = extended;
        this.timeout = timeout;
        this.inFlight = new Semaphore(concurrency);
    }

    /** The A records of {@code name}: blocks while {@code concurrency} queries are in flight. */
    CompletableFuture<Answer> lookup(String name) throws InterruptedException {
        Cached cached = cache.get(name);
        if (cached != null && cached.expiresNanos() - System.nanoTime() > 0) {
            return CompletableFuture.completedFuture(cached.answer());
        }
        Message query;
        try {
            query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(new Answer(Status.MALFORMED, List.of(), "not a DNS name: " + name));
        }
        inFlight.acquire();
        // every query ends: the resolver's own timeouts, and this bound over all of its tries
        long bound = timeout.toMillis() * 2 * Math.max(1, ((ExtendedResolver) resolver).getResolvers().length) + 1000;
        return resolver.sendAsync(query).toCompletableFuture()
                .orTimeout(bound, TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    inFlight.release();
                    Answer answer = error != null ? failure(error) : read(response);
                    long ttl = error != null ? -1 : ttlSeconds(response, answer);
                    if (ttl > 0) {
                        cache.put(name, new Cached(answer, System.nanoTime() + TimeUnit.SECONDS.toNanos(ttl)));
                    }
                    return answer;
                });
    }

    /** The TXT text of a listed name (why it is listed), or "" when there is none or it does not come. */
    String text(String name) {
        try {
            Message response = resolver.sendAsync(Message.newQuery(Record.newRecord(Name.fromString(name), Type.TXT, DClass.IN)))
                    .toCompletableFuture().get(timeout.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
            List<String> texts = new ArrayList<>();
            for (Record record : response.getSection(Section.ANSWER)) {
                if (record instanceof TXTRecord txt) {
                    texts.add(String.join("", txt.getStrings()));
                }
            }
            return String.join(" ", texts);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "";
        }
    }

    private static Answer read(Message response) {
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return new Answer(Status.NOT_LISTED, List.of(), "");
        }
        if (rcode != Rcode.NOERROR) {
            return new Answer(Status.UNKNOWN, List.of(), "the server answered " + Rcode.string(rcode));
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof ARecord a) {
                addresses.add(a.getAddress());
            }
        }
        return addresses.isEmpty() ? new Answer(Status.NOT_LISTED, List.of(), "")
                : new Answer(Status.ADDRESSES, List.copyOf(addresses), "");
    }

    private static Answer failure(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof org.xbill.DNS.WireParseException) {
            return new Answer(Status.MALFORMED, List.of(), "a malformed answer: " + cause.getMessage());
        }
        if (cause instanceof java.util.concurrent.TimeoutException || cause instanceof java.net.SocketTimeoutException
                || cause instanceof IOException) {
            return new Answer(Status.UNKNOWN, List.of(), "no answer: " + cause);
        }
        return new Answer(Status.UNKNOWN, List.of(), "the query failed: " + cause);
    }

    private static long ttlSeconds(Message response, Answer answer) {
        if (answer.status() == Status.ADDRESSES) {
            long ttl = Long.MAX_VALUE;
            for (Record record : response.getSection(Section.ANSWER)) {
                ttl = Math.min(ttl, record.getTTL());
            }
            return ttl;
        }
        if (answer.status() == Status.NOT_LISTED) {
            for (Record record : response.getSection(Section.AUTHORITY)) {
                if (record instanceof SOARecord soa) {
                    return Math.min(soa.getTTL(), soa.getMinimum());
                }
            }
        }
        return 0;
    }
}
