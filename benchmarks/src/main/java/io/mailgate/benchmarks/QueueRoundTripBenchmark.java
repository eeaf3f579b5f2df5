package io.mailgate.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.logger.DefaultMetricFactory;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorNoop;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.mailgate.core.queue.QueueBroker;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * One 5 KB mail into the durable queue and out again, acknowledged: the queue as the gateway
 * configures it (KahaDB journal fsynced per send, bodies inside the journal). Each message
 * crosses this once (the spool; delivery reads from it directly). The state lives in a
 * temporary folder: point java.io.tmpdir at the disk you want to measure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class QueueRoundTripBenchmark {

    private final byte[] message = Messages.fiveKilobytes();
    private Path directory;
    private QueueBroker broker;
    private ActiveMQMailQueueFactory factory;
    private MailQueue queue;
    private final BlockingQueue<MailQueue.MailQueueItem> items = new LinkedBlockingQueue<>();
    private Disposable consumer;
    private long sequence;

    @Setup
    public void setUp() throws Exception {
        directory = Files.createTempDirectory("mailgate-queue-bench");
        broker = new QueueBroker(directory);
        factory = new ActiveMQMailQueueFactory(broker.connectionFactory(), new RawMailQueueItemDecoratorFactory(),
                new DefaultMetricFactory(), new NoopGaugeRegistry(), new ActiveMQMetricCollectorNoop());
        factory.setUseBlobMessages(false);
        factory.setUseJMX(false);
        factory.init();
        queue = factory.createQueue(MailQueueName.of("bench"));
        // The consumer blocks in its receive: it must not run on the benchmark thread that enqueues.
        consumer = Flux.from(queue.deQueue()).subscribeOn(Schedulers.boundedElastic()).subscribe(items::add);
    }

    @Benchmark
    public String enqueueDequeueAcknowledge() throws Exception {
        queue.enQueue(Messages.mail("bench-" + sequence++, message));
        MailQueue.MailQueueItem item = items.take();
        item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        return item.getMail().getName();
    }

    @TearDown
    public void tearDown() throws Exception {
        consumer.dispose();
        queue.close();
        factory.destroy();
        broker.close();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
