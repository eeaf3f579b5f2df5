package io.mailgate.benchmarks;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.mailgate.core.store.Database;
import io.mailgate.core.suppression.ReasonNames;
import io.mailgate.core.suppression.SuppressionImport;
import io.mailgate.core.suppression.SuppressionStore;

/**
 * The suppression lookup of every recipient, with {@code entries} addresses on a tenant's list
 * (imported through the CSV import, as an admin would), sampled so that JMH prints percentiles.
 * A miss (nearly every recipient) is answered from memory; a hit is confirmed by a database read.
 * The database is built once under {@code benchmarks/target/suppression-<entries>} and reused.
 * Setup prints the import time and the memory the index takes per entry.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class SuppressionBenchmark {

    @Param("10000000")
    int entries;

    private Database database;
    private SuppressionStore store;

    @Setup
    public void setUp() throws Exception {
        Path directory = Path.of("benchmarks/target/suppression-" + entries);
        boolean fresh = !Files.exists(directory);
        database = Database.open(directory);
        store = new SuppressionStore(database, Clock.systemUTC());
        if (fresh || store.size() != entries) {
            database.close();
            deleteTree(directory);
            database = Database.open(directory);
            store = new SuppressionStore(database, Clock.systemUTC());
            long start = System.nanoTime();
            SuppressionImport.Result result = new SuppressionImport(store, ReasonNames.TENANT)
                    .run("t1", "", new GeneratedCsv(entries), true, "bench");
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%nimport: %d rows in %.1f s (%.0f rows/s)%n", result.imported(), seconds, result.imported() / seconds);
        }
        System.out.printf("%nindex: %d entries, %d bytes, %.1f bytes per entry%n", store.size(), store.indexBytes(),
                store.indexBytes() / (double) store.size());
    }

    @TearDown
    public void tearDown() {
        database.close();
    }

    @Benchmark
    public Object lookupMiss() {
        return store.find("t1", "news", "reader" + ThreadLocalRandom.current().nextInt() + "@elsewhere.example");
    }

    @Benchmark
    public Object lookupHit() {
        return store.find("t1", "news", GeneratedCsv.address(ThreadLocalRandom.current().nextInt(entries)));
    }

    private static void deleteTree(Path directory) throws Exception {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    /** {@code count} lines "user&lt;i&gt;@domain&lt;i % 5000&gt;.example,unsubscribe", made as they are read. */
    static final class GeneratedCsv extends Reader {
        private final int count;
        private int next;
        private String line = "";
        private int position;

        GeneratedCsv(int count) {
            this.count = count;
        }

        static String address(int i) {
            return "user" + i + "@domain" + (i % 5000) + ".example";
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            int written = 0;
            while (written < length) {
                if (position == line.length()) {
                    if (next == count) {
                        return written == 0 ? -1 : written;
                    }
                    line = address(next++) + ",unsubscribe\n";
                    position = 0;
                }
                int n = Math.min(length - written, line.length() - position);
                line.getChars(position, position + n, buffer, offset + written);
                position += n;
                written += n;
            }
            return written;
        }

        @Override
        public void close() {
        }
    }
}
