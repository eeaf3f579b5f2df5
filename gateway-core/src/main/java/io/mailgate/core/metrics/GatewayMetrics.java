package io.mailgate.core.metrics;

import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.api.Verdict;

/**
 * The gateway's own counters, rendered for Prometheus at {@code /metrics} (text exposition format
 * 0.0.4). Counting is a {@link LongAdder} increment, cheap enough for the SMTP I/O threads; the queue
 * size is read only when rendered, from a supplier set once the queue exists.
 *
 * <p>Exported:
 * <pre>
 * mailgate_messages_accepted_total                 messages accepted with a 250 reply
 * mailgate_messages_rejected_total{reason="..."}   messages or recipients refused, by reason label
 * mailgate_messages_delivered_total                messages handed to the next hop
 * mailgate_messages_deferred_total                 delivery attempts that will be retried
 * mailgate_messages_bounced_total                  messages returned to the sender as undeliverable
 * mailgate_feedback_total{kind="..."}             inbound feedback by kind: hard_bounce, soft_bounce, complaint, …
 * mailgate_verdicts_total{stage,verdict,policy}    verdicts other than accept of the stages and their SMTP checks
 * mailgate_stage_duration_seconds{stage,step}      histogram: a stage's time per mail (step chain), its check's per command
 * mailgate_queue_size                              messages waiting in the queue now
 * </pre>
 * and the gauges other parts add ({@link #addGauge}), such as {@code mailgate_quarantine_size}.
 * Reason labels should come from a small fixed set ({@code relay_denied}, {@code auth_failed},
 * {@code suppressed} …): each distinct label is a time series of its own.
 */
public final class GatewayMetrics {

    /** The content type of {@link #render()}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMetrics.class);

    private final LongAdder accepted = new LongAdder();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder deferred = new LongAdder();
    private final LongAdder bounced = new LongAdder();
    private final Map<String, LongAdder> feedback = new ConcurrentHashMap<>();
    private final Map<VerdictLabels, LongAdder> verdicts = new ConcurrentHashMap<>();
    private final StageTimes stageTimes = new StageTimes();
    private volatile LongSupplier queueSize;

    /** The labels of one verdict series; stages and policy ids are few, so the series are too. */
    private record VerdictLabels(String stage, String verdict, String policy) {
    }

    public void accepted() {
        accepted.increment();
    }

    public void rejected(String reason) {
        String label = reason == null || reason.isBlank() ? "unknown" : reason;
        rejected.computeIfAbsent(label, key -> new LongAdder()).increment();
    }

    public void delivered() {
        delivered.increment();
    }

    public void deferred() {
        deferred.increment();
    }

    public void bounced() {
        bounced.increment();
    }

    /** One piece of inbound feedback (a report about one recipient), by kind. */
    public void feedback(String kind) {
        feedback.computeIfAbsent(kind, key -> new LongAdder()).increment();
    }

    /**
     * A verdict other than accept of a stage (per recipient, as the journal has it) or of its SMTP
     * check (per command): what an admin graphs to see, say, how much mail content screening holds.
     */
    public void verdict(String stage, Verdict.Kind kind, String policyId) {
        if (kind == Verdict.Kind.ACCEPT) {
            return;
        }
        VerdictLabels labels = new VerdictLabels(stage, kind.name().toLowerCase(Locale.ROOT),
                policyId == null ? "" : policyId);
        verdicts.computeIfAbsent(labels, key -> new LongAdder()).increment();
    }

    /**
     * The time a stage took for one mail ({@code step} "chain") or its SMTP check for one command
     * ("mail", "rcpt", "data").
     */
    public void stageTime(String stage, String step, long nanos) {
        stageTimes.record(stage, step, nanos);
    }

    /** A labelled gauge, one sample per label value. */
    public interface LabelledGauge {
        /** The samples at this moment: label value to value. */
        java.util.Map<String, Double> samples();
    }

    private record Gauge(String name, String help, String label, LabelledGauge samples) {
    }

    private final java.util.List<Gauge> gauges = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Adds a gauge {@code name{label="..."}} whose samples are read at each scrape. */
    public void addGauge(String name, String help, String label, LabelledGauge gauge) {
        gauges.add(new Gauge(name, help, label, gauge));
    }

    /** Adds a gauge {@code name} without labels, read at each scrape. */
    public void addGauge(String name, String help, LongSupplier gauge) {
        gauges.add(new Gauge(name, help, null, () -> Map.of("", (double) gauge.getAsLong())));
    }

    /** Where the queue size comes from; until it is set, the gauge has no sample. */
    public void setQueueSize(LongSupplier queueSize) {
        this.queueSize = queueSize;
    }

    /** All metrics in Prometheus text format 0.0.4, served as {@link #CONTENT_TYPE}. */
    public String render() {
        StringBuilder out = new StringBuilder(1024);
        counter(out, "mailgate_messages_accepted_total", "Messages accepted with a 250 reply.", accepted.sum());
        header(out, "mailgate_messages_rejected_total", "Messages or recipients refused, by reason.", "counter");
        new TreeMap<>(rejected).forEach((reason, count) -> out.append("mailgate_messages_rejected_total{reason=\"")
                .append(escape(reason)).append("\"} ").append(count.sum()).append('\n'));
        counter(out, "mailgate_messages_delivered_total", "Messages handed to the next hop.", delivered.sum());
        counter(out, "mailgate_messages_deferred_total", "Delivery attempts that will be retried.", deferred.sum());
        counter(out, "mailgate_messages_bounced_total", "Messages returned to the sender as undeliverable.", bounced.sum());
        header(out, "mailgate_feedback_total", "Inbound feedback reports per recipient, by kind.", "counter");
        new TreeMap<>(feedback).forEach((kind, count) -> out.append("mailgate_feedback_total{kind=\"")
                .append(escape(kind)).append("\"} ").append(count.sum()).append('\n'));
        header(out, "mailgate_verdicts_total", "Verdicts other than accept, by stage, verdict and policy.", "counter");
        verdicts.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(VerdictLabels::stage)
                        .thenComparing(VerdictLabels::verdict).thenComparing(VerdictLabels::policy)))
                .forEach(series -> out.append("mailgate_verdicts_total{stage=\"").append(escape(series.getKey().stage()))
                        .append("\",verdict=\"").append(series.getKey().verdict())
                        .append("\",policy=\"").append(escape(series.getKey().policy()))
                        .append("\"} ").append(series.getValue().sum()).append('\n'));
        header(out, StageTimes.NAME, "Time of a stage per mail (step chain) or of its SMTP check per command.", "histogram");
        stageTimes.render(out);
        header(out, "mailgate_queue_size", "Messages waiting in the queue.", "gauge");
        LongSupplier size = queueSize;
        if (size != null) {
            try {
                long value = size.getAsLong();
                out.append("mailgate_queue_size ").append(value).append('\n');
            } catch (RuntimeException e) {
                LOG.debug("the queue size is unavailable: {}", e.toString());
            }
        }
        for (Gauge gauge : gauges) {
            String name = gauge.name();
            header(out, name, gauge.help(), "gauge");
            try {
                new TreeMap<>(gauge.samples().samples()).forEach((value, sample) -> {
                    out.append(name);
                    if (gauge.label() != null) {
                        out.append('{').append(gauge.label()).append("=\"").append(escape(value)).append("\"}");
                    }
                    out.append(' ').append(sample).append('\n');
                });
            } catch (RuntimeException e) {
                LOG.debug("the gauge {} is unavailable: {}", name, e.toString());
            }
        }
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        header(out, name, help, "counter");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** Label values escape backslash, double quote and line feed. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
