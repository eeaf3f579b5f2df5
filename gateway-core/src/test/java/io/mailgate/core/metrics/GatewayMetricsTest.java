package io.mailgate.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mailgate.api.Verdict;

class GatewayMetricsTest {

    private final GatewayMetrics metrics = new GatewayMetrics();

    @Test
    void renderShouldCountEachEvent() {
        metrics.accepted();
        metrics.accepted();
        metrics.delivered();
        metrics.deferred();
        metrics.bounced();
        String text = metrics.render();
        assertTrue(text.contains("\nmailgate_messages_accepted_total 2\n"), text);
        assertTrue(text.contains("\nmailgate_messages_delivered_total 1\n"), text);
        assertTrue(text.contains("\nmailgate_messages_deferred_total 1\n"), text);
        assertTrue(text.contains("\nmailgate_messages_bounced_total 1\n"), text);
    }

    @Test
    void renderShouldLabelRejectionsByReason() {
        metrics.rejected("relay_denied");
        metrics.rejected("relay_denied");
        metrics.rejected("suppressed");
        String text = metrics.render();
        assertTrue(text.contains("mailgate_messages_rejected_total{reason=\"relay_denied\"} 2\n"), text);
        assertTrue(text.contains("mailgate_messages_rejected_total{reason=\"suppressed\"} 1\n"), text);
    }

    @Test
    void renderShouldCountVerdictsOtherThanAcceptByStageVerdictAndPolicy() {
        metrics.verdict("content-screening", Verdict.Kind.QUARANTINE, "CON-2");
        metrics.verdict("content-screening", Verdict.Kind.QUARANTINE, "CON-2");
        metrics.verdict("content-screening", Verdict.Kind.REJECT, "CON-1");
        metrics.verdict("suppression", Verdict.Kind.SKIP_RECIPIENT, "SUP-2");
        metrics.verdict("suppression", Verdict.Kind.ACCEPT, "");
        String text = metrics.render();
        assertTrue(text.contains("# TYPE mailgate_verdicts_total counter\n"
                + "mailgate_verdicts_total{stage=\"content-screening\",verdict=\"quarantine\",policy=\"CON-2\"} 2\n"
                + "mailgate_verdicts_total{stage=\"content-screening\",verdict=\"reject\",policy=\"CON-1\"} 1\n"
                + "mailgate_verdicts_total{stage=\"suppression\",verdict=\"skip_recipient\",policy=\"SUP-2\"} 1\n"
                + "# HELP"), text);
        assertFalse(text.contains("verdict=\"accept\""), text);
    }

    @Test
    void stageTimesShouldBeACumulativeHistogramPerStageAndStep() {
        metrics.stageTime("content-screening", "data", 300_000); // 0.3 ms
        metrics.stageTime("content-screening", "data", 3_000_000); // 3 ms
        metrics.stageTime("content-screening", "data", 9_000_000_000L); // 9 s, past every bound
        metrics.stageTime("content-screening", "chain", 1_000_000);
        String text = metrics.render();
        String data = "{stage=\"content-screening\",step=\"data\"";
        assertTrue(text.contains("# TYPE mailgate_stage_duration_seconds histogram\n"), text);
        assertTrue(text.contains("mailgate_stage_duration_seconds_bucket" + data + ",le=\"5.0E-4\"} 1\n"), text);
        assertTrue(text.contains("mailgate_stage_duration_seconds_bucket" + data + ",le=\"0.0025\"} 1\n"), text);
        assertTrue(text.contains("mailgate_stage_duration_seconds_bucket" + data + ",le=\"0.005\"} 2\n"), text);
        assertTrue(text.contains("mailgate_stage_duration_seconds_bucket" + data + ",le=\"5.0\"} 2\n"), text);
        assertTrue(text.contains("mailgate_stage_duration_seconds_bucket" + data + ",le=\"+Inf\"} 3\n"), text);
        assertTrue(text.contains("mailgate_stage_duration_seconds_sum" + data + "} 9.0033\n"), text);
        assertTrue(text.contains("mailgate_stage_duration_seconds_count" + data + "} 3\n"), text);
        String chain = "{stage=\"content-screening\",step=\"chain\"";
        assertTrue(text.contains("mailgate_stage_duration_seconds_bucket" + chain + ",le=\"0.001\"} 1\n"), text);
    }

    @Test
    void gaugeWithoutLabelsShouldBeReadAtEachScrape() {
        long[] held = {2};
        metrics.addGauge("mailgate_quarantine_size", "Messages held.", () -> held[0]);
        assertTrue(metrics.render().contains("# TYPE mailgate_quarantine_size gauge\nmailgate_quarantine_size 2.0\n"));
        held[0] = 0;
        assertTrue(metrics.render().contains("\nmailgate_quarantine_size 0.0\n"));
    }

    @Test
    void renderShouldEscapeLabelValues() {
        metrics.rejected("a\"b\\c\nd");
        assertTrue(metrics.render().contains("{reason=\"a\\\"b\\\\c\\nd\"} 1"));
    }

    @Test
    void renderShouldDeclareEveryMetricOnceWithHelpAndType() {
        String text = metrics.render();
        for (String name : List.of("mailgate_messages_accepted_total", "mailgate_messages_rejected_total",
                "mailgate_messages_delivered_total", "mailgate_messages_deferred_total", "mailgate_messages_bounced_total")) {
            assertTrue(text.contains("# HELP " + name + " "), name);
            assertTrue(text.contains("# TYPE " + name + " counter\n"), name);
        }
        assertTrue(text.contains("# TYPE mailgate_queue_size gauge\n"));
        assertTrue(text.endsWith("\n"));
    }

    @Test
    void renderShouldReadTheQueueSizeOnlyOnceItIsSet() {
        assertFalse(metrics.render().contains("\nmailgate_queue_size "));
        metrics.setQueueSize(() -> 42);
        assertTrue(metrics.render().contains("\nmailgate_queue_size 42\n"));
        metrics.setQueueSize(() -> {
            throw new IllegalStateException("queue stopped");
        });
        assertFalse(metrics.render().contains("\nmailgate_queue_size "));
    }

    @Test
    void countersShouldNotLoseIncrementsAcrossThreads() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    metrics.accepted();
                    metrics.rejected("relay_denied");
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        String text = metrics.render();
        assertTrue(text.contains("\nmailgate_messages_accepted_total 40000\n"), text);
        assertTrue(text.contains("{reason=\"relay_denied\"} 40000\n"), text);
        assertEquals(1, text.split("mailgate_messages_rejected_total\\{").length - 1);
    }
}
