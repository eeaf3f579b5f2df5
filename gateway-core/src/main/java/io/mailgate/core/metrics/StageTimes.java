package io.mailgate.core.metrics;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The time each stage takes per mail in the chain, and its SMTP check per command, as one
 * Prometheus histogram, {@code mailgate_stage_duration_seconds{stage,step}}: step {@code chain} for
 * the stage, {@code mail}, {@code rcpt} or {@code data} for its check. Recording is two adder
 * increments; the buckets are made cumulative only when rendered.
 */
final class StageTimes {

    static final String NAME = "mailgate_stage_duration_seconds";
    /** Upper bounds in seconds: a stage's work is sub-millisecond to a DNS timeout. */
    private static final double[] BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private record Labels(String stage, String step) {
    }

    /** Per bucket the samples in it alone (the last one past every bound), and the total time. */
    private static final class Series {
        final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
        final LongAdder nanos = new LongAdder();

        Series() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }
    }

    private final Map<Labels, Series> series = new ConcurrentHashMap<>();

    void record(String stage, String step, long nanos) {
        Series times = series.computeIfAbsent(new Labels(stage, step), labels -> new Series());
        double seconds = nanos / 1e9;
        int bucket = 0;
        while (bucket < BOUNDS.length && seconds > BOUNDS[bucket]) {
            bucket++;
        }
        times.buckets[bucket].increment();
        times.nanos.add(nanos);
    }

    void render(StringBuilder out) {
        series.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Labels::stage).thenComparing(Labels::step)))
                .forEach(entry -> render(out, entry.getKey(), entry.getValue()));
    }

    private static void render(StringBuilder out, Labels labels, Series times) {
        String names = "stage=\"" + GatewayMetrics.escape(labels.stage()) + "\",step=\""
                + GatewayMetrics.escape(labels.step()) + "\"";
        long cumulative = 0;
        for (int i = 0; i < times.buckets.length; i++) {
            cumulative += times.buckets[i].sum(); // +Inf and the count are this same sum: the buckets never go down
            String bound = i < BOUNDS.length ? Double.toString(BOUNDS[i]) : "+Inf";
            out.append(NAME).append("_bucket{").append(names).append(",le=\"").append(bound).append("\"} ")
                    .append(cumulative).append('\n');
        }
        out.append(NAME).append("_sum{").append(names).append("} ").append(times.nanos.sum() / 1e9).append('\n');
        out.append(NAME).append("_count{").append(names).append("} ").append(cumulative).append('\n');
    }
}
