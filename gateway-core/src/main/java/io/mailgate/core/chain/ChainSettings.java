package io.mailgate.core.chain;

import io.mailgate.core.delivery.DeliveryListener;
import io.mailgate.core.feedback.FeedbackApplier;
import io.mailgate.core.feedback.ReturnPaths;

import java.time.Clock;
import java.time.Duration;

import org.apache.mailet.MailetContext;

import io.mailgate.api.DecisionJournal;
import io.mailgate.core.metrics.GatewayMetrics;

/** What the chain's own mailets need from the gateway. */
public record ChainSettings(MailetContext context, DecisionJournal journal, GatewayMetrics metrics, Duration holdDelay,
                            Clock clock, ReturnPaths returnPaths, FeedbackApplier feedback,
                            DeliveryListener deliveries) {
}
