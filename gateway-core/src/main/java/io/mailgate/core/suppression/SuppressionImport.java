package io.mailgate.core.suppression;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.mailgate.api.Suppressions.Entry;
import io.mailgate.api.Suppressions.Reason;

/**
 * A bulk import of suppressions from CSV ({@code address[,reason]}, RFC 4180 quoting, an optional
 * header line), in one database transaction: a restart in the middle leaves the lists as they
 * were, never half imported. Broken lines are reported with their numbers; the caller chooses
 * whether they stop the whole import ({@code allOrNothing}) or only themselves.
 */
public final class SuppressionImport {

    /** A line that was not imported, and why. */
    public record Rejected(long line, String reason) {
    }

    /**
     * @param imported  new entries written
     * @param unchanged addresses already on this list (they keep their first reason)
     * @param rejected  broken lines, the first {@value #MAX_REPORTED} of them
     * @param applied   false when nothing was written because of broken lines (all or nothing)
     */
    public record Result(long imported, long unchanged, long rejectedLines, List<Rejected> rejected, boolean applied) {
    }

    static final int MAX_REPORTED = 1000;
    private static final int BATCH = 1000;

    private final SuppressionStore store;
    private final Set<Reason> allowedReasons;

    public SuppressionImport(SuppressionStore store, Set<Reason> allowedReasons) {
        this.store = store;
        this.allowedReasons = Set.copyOf(allowedReasons);
    }

    public Result run(String tenantId, String resource, Reader csv, boolean allOrNothing, String source) {
        Counts counts = new Counts();
        try {
            store.writeMany("import suppressions", connection -> {
                HashSet64 seen = new HashSet64(1024);
                LongList added = new LongList();
                try (PreparedStatement insert = connection.prepareStatement(SuppressionStore.insertSql());
                     BufferedReader lines = new BufferedReader(csv, 1 << 16)) {
                    String line;
                    long number = 0;
                    int batched = 0;
                    var now = store.clock().instant();
                    while ((line = lines.readLine()) != null) {
                        number++;
                        if (line.isBlank() || (number == 1 && line.strip().toLowerCase(Locale.ROOT).startsWith("address"))) {
                            continue;
                        }
                        Entry entry;
                        try {
                            entry = parse(line, tenantId, resource, source, now);
                        } catch (IllegalArgumentException bad) {
                            counts.reject(number, bad.getMessage());
                            continue;
                        }
                        long hash = SuppressionStore.hash(tenantId, resource, entry.address());
                        if (!seen.add(hash) || store.mayContain(hash)) {
                            counts.unchanged++;
                            continue;
                        }
                        SuppressionStore.bindInsert(insert, entry, hash);
                        insert.addBatch();
                        added.add(hash);
                        if (++batched == BATCH) {
                            insert.executeBatch();
                            batched = 0;
                        }
                    }
                    if (batched > 0) {
                        insert.executeBatch();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("reading the CSV body failed", e);
                }
                if (allOrNothing && counts.rejectedLines > 0) {
                    throw new NothingImported();
                }
                counts.imported = added.size;
                return added.toArray();
            });
        } catch (NothingImported rolledBack) {
            return new Result(0, 0, counts.rejectedLines, counts.rejected, false);
        }
        return new Result(counts.imported, counts.unchanged, counts.rejectedLines, counts.rejected, true);
    }

    private Entry parse(String line, String tenantId, String resource, String source, java.time.Instant now) {
        List<String> fields = CsvFields.split(line);
        if (fields.size() > 2) {
            throw new IllegalArgumentException("expected address[,reason], found " + fields.size() + " fields");
        }
        Reason reason = fields.size() == 2 && !fields.get(1).isBlank()
                ? ReasonNames.parse(fields.get(1), allowedReasons) : Reason.MANUAL;
        return new Entry(tenantId, resource, Addresses.normalize(fields.get(0)), reason, source, now, "");
    }

    private static final class Counts {
        long imported;
        long unchanged;
        long rejectedLines;
        final List<Rejected> rejected = new ArrayList<>();

        void reject(long line, String reason) {
            rejectedLines++;
            if (rejected.size() < MAX_REPORTED) {
                rejected.add(new Rejected(line, reason));
            }
        }
    }

    /** Rolls the transaction back when broken lines stop an all-or-nothing import. */
    private static final class NothingImported extends RuntimeException {
        NothingImported() {
            super(null, null, false, false);
        }
    }

    /** The hashes written, to put in memory after the commit. */
    private static final class LongList {
        long[] values = new long[1024];
        int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
