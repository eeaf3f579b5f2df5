package io.mailgate.core.james;

import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.logger.DefaultMetricFactory;
import org.apache.james.transport.mailets.remote.delivery.DeliveryRunnable;

import io.mailgate.core.metrics.GatewayMetrics;

/**
 * James's metrics, with the ones the gateway exports bridged to {@link GatewayMetrics}: a message
 * RemoteDelivery hands over to the next hop counts as delivered.
 */
public final class GatewayMetricFactory extends DefaultMetricFactory {

    private final GatewayMetrics metrics;

    public GatewayMetricFactory(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Metric generate(String name) {
        Metric james = super.generate(name);
        if (!DeliveryRunnable.OUTGOING_MAILS.equals(name)) {
            return james;
        }
        return new Metric() {
            @Override
            public void increment() {
                metrics.delivered();
                james.increment();
            }

            @Override
            public void decrement() {
                james.decrement();
            }

            @Override
            public void add(int value) {
                james.add(value);
            }

            @Override
            public void remove(int value) {
                james.remove(value);
            }

            @Override
            public long getCount() {
                return james.getCount();
            }
        };
    }
}
