package io.mailgate.plugin.content;

import io.mailgate.api.ContentRules.Screening;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

/**
 * The screenings of the end-of-DATA check, kept so that the chain stage does not screen the same
 * message again. An entry is found only for the very same message: the same bytes (SHA-256 over
 * {@link MimeMessage#writeTo}), the same tenant, the same rules ({@link RuleEngine#generation()},
 * which every rule change bumps) and settings (each configuration), and only while each CON-2
 * approval the screening asked gives the same answer. Anything else (a restart, a changed message,
 * changed rules, an evicted or expired entry) is a miss, and the stage screens again. At most
 * {@code capacity} entries, each for {@code ttl}: the oldest go first.
 */
final class ScreeningCache {

    static final int CAPACITY = 4096;
    static final Duration TTL = Duration.ofMinutes(5);

    /** What an entry is found by. */
    record Key(String digest, String tenantId, long rulesGeneration, long settingsGeneration) {
    }

    private record Entry(Screening screening, Map<String, Boolean> approvalsAsked, long expiresAt) {
    }

    private final int capacity;
    private final long ttlMillis;
    private final Clock clock;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();

    ScreeningCache(int capacity, Duration ttl, Clock clock) {
        this.capacity = capacity;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
    }

    /** The key of a message, or nothing when its bytes cannot be read (then nothing is kept for it). */
    static Optional<Key> key(MimeMessage message, String tenantId, long rulesGeneration, long settingsGeneration) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            message.writeTo(new DigestOutputStream(OutputStream.nullOutputStream(), sha256));
            return Optional.of(new Key(HexFormat.of().formatHex(sha256.digest()), tenantId, rulesGeneration,
                    settingsGeneration));
        } catch (IOException | MessagingException | RuntimeException e) {
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    synchronized void put(Key key, Screening screening, Map<String, Boolean> approvalsAsked) {
        entries.remove(key);
        entries.put(key, new Entry(screening, Map.copyOf(approvalsAsked), clock.millis() + ttlMillis));
        while (entries.size() > capacity) {
            entries.remove(entries.keySet().iterator().next());
        }
    }

    /** The screening kept for this key, if it has not expired and the approvals it asked still answer the same. */
    Optional<Screening> get(Key key, CategoryApprovals approvals) {
        Entry entry;
        synchronized (this) {
            entry = entries.get(key);
            if (entry != null && entry.expiresAt() <= clock.millis()) {
                entries.remove(key);
                entry = null;
            }
        }
        if (entry == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, Boolean> asked : entry.approvalsAsked().entrySet()) {
            if (approvals.approved(key.tenantId(), asked.getKey()) != asked.getValue()) {
                return Optional.empty();
            }
        }
        return Optional.of(entry.screening());
    }

    synchronized void clear() {
        entries.clear();
    }

    synchronized int size() {
        return entries.size();
    }
}
