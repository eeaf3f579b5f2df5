package io.mailgate.plugin.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AUTH-7 memory: which From domain last sent which content (a {@link io.mailgate.api.ContentFingerprint#ofBody} fingerprint) to which
 * recipient of a tenant, for 24 hours. One instance in the bundle, shared by the SMTP check (which
 * only looks) and the chain stage (which records what passes), so that a message accepted at DATA
 * is judged on the same history in the chain.
 *
 * <p>Per tenant: the refusal names the other domain, which must be the tenant's own.
 *
 * <p>Bounded: at most {@code capacity} entries (about 120 bytes each: the key is 128 bits of a
 * hash of tenant, recipient and fingerprint, not the strings). Entries leave after 24 hours; when
 * the memory is full, the oldest leave early, with a WARN, since AUTH-7 then forgets sends it
 * should still see. The history is lost on restart (the window then starts over).
 */
// Immediate: the history must outlive a moment without users (the stage gone with SendingDomains).
@Component(service = RecentSends.class, immediate = true)
public class RecentSends {

    static final Duration WINDOW = Duration.ofHours(24);
    static final int DEFAULT_CAPACITY = 500_000;

    private static final Logger LOGGER = LoggerFactory.getLogger(RecentSends.class);

    private record Key(long high, long low) {
    }

    private record Sent(String fromDomain, long atMillis) {
    }

    private final Clock clock;
    private final int capacity;
    /** Insertion order is time order: a send moves its entry to the end. */
    private final LinkedHashMap<Key, Sent> sends = new LinkedHashMap<>();
    private long evictedEarly;

    public RecentSends() {
        this(Clock.systemUTC(), DEFAULT_CAPACITY);
    }

    RecentSends(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    /** The other From domain that sent this content to this recipient in the last 24 hours. Only looks. */
    Optional<String> otherDomain(String tenantId, byte[] fingerprint, String recipient, String fromDomain) {
        Key key = key(tenantId, fingerprint, recipient);
        long now = clock.millis();
        synchronized (this) {
            return other(sends.get(key), fromDomain, now);
        }
    }

    /**
     * Records that {@code fromDomain} sends this content to this recipient now, unless another
     * domain did in the last 24 hours: then nothing is recorded and that domain is returned.
     * Atomic, so that of two messages in flight from two domains only the first passes.
     */
    Optional<String> recordUnlessOther(String tenantId, byte[] fingerprint, String recipient, String fromDomain) {
        Key key = key(tenantId, fingerprint, recipient);
        long now = clock.millis();
        synchronized (this) {
            Optional<String> other = other(sends.get(key), fromDomain, now);
            if (other.isEmpty()) {
                sends.remove(key);
                sends.put(key, new Sent(fromDomain, now));
                forgetOld(now);
            }
            return other;
        }
    }

    synchronized int size() {
        return sends.size();
    }

    private static Optional<String> other(Sent sent, String fromDomain, long now) {
        if (sent == null || now - sent.atMillis() >= WINDOW.toMillis() || sent.fromDomain().equals(fromDomain)) {
            return Optional.empty();
        }
        return Optional.of(sent.fromDomain());
    }

    private void forgetOld(long now) {
        Iterator<Map.Entry<Key, Sent>> oldestFirst = sends.entrySet().iterator();
        while (oldestFirst.hasNext()) {
            Sent oldest = oldestFirst.next().getValue();
            boolean expired = now - oldest.atMillis() >= WINDOW.toMillis();
            if (!expired && sends.size() <= capacity) {
                return;
            }
            if (!expired && evictedEarly++ % 10_000 == 0) {
                LOGGER.warn("AUTH-7 history full ({} entries): forgetting sends younger than 24 hours ({} so far)",
                        capacity, evictedEarly);
            }
            oldestFirst.remove();
        }
    }

    /** 128 bits of SHA-256(tenant, recipient, fingerprint): small and, for this use, collision-free. */
    private static Key key(String tenantId, byte[] fingerprint, String recipient) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        digest.update(tenantId.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(recipient.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(fingerprint);
        ByteBuffer hash = ByteBuffer.wrap(digest.digest());
        return new Key(hash.getLong(), hash.getLong());
    }
}
