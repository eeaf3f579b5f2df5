package io.mailgate.core.queue;

import java.nio.file.Path;

import javax.jms.ConnectionFactory;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ActiveMQPrefetchPolicy;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;

/**
 * The embedded ActiveMQ broker behind James's mail queue. The KahaDB journal is fsynced before a
 * send returns ({@code journalDiskSyncStrategy=always}) and message bodies travel inside the
 * journal (the queue factory is told not to use blob files, whose content is never fsynced), so
 * a 250 reply means the message is on disk. The broker listens on nothing but the in-JVM
 * {@code vm://} transport.
 */
public final class QueueBroker implements AutoCloseable {

    private static final String BROKER_NAME = "mailgate";

    private final BrokerService broker;
    private final ActiveMQConnectionFactory connectionFactory;

    public QueueBroker(Path directory) throws Exception {
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        kahaDb.setDirectory(directory.resolve("kahadb").toFile());
        kahaDb.setJournalDiskSyncStrategy("always");

        broker = new BrokerService();
        broker.setBrokerName(BROKER_NAME);
        broker.setDataDirectoryFile(directory.toFile());
        broker.setPersistent(true);
        broker.setPersistenceAdapter(kahaDb);
        broker.setUseJmx(false);
        broker.setUseShutdownHook(false);
        broker.setSchedulerSupport(false);
        broker.setAdvisorySupport(false);
        broker.getManagementContext().setCreateConnector(false);
        broker.start();
        broker.waitUntilStarted();

        connectionFactory = new ActiveMQConnectionFactory("vm://" + BROKER_NAME + "?create=false");
        connectionFactory.setTrustAllPackages(false);
        ActiveMQPrefetchPolicy prefetch = new ActiveMQPrefetchPolicy();
        prefetch.setQueuePrefetch(0);
        prefetch.setTopicPrefetch(0);
        connectionFactory.setPrefetchPolicy(prefetch);
    }

    public ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    /** Whether the broker runs and can take mail: what /health reports. */
    public boolean isRunning() {
        return broker.isStarted() && !broker.isStopping();
    }

    /**
     * Messages waiting in all mail queues, delayed ones included, read from the broker's own
     * counters: no JMS round trip, so a metrics scrape costs nothing.
     */
    public long queuedMessages() {
        try {
            return broker.getBroker().getDestinationMap().entrySet().stream()
                    .filter(entry -> entry.getKey().isQueue() && !entry.getKey().getPhysicalName().startsWith("ActiveMQ."))
                    .mapToLong(entry -> entry.getValue().getDestinationStatistics().getMessages().getCount())
                    .sum();
        } catch (Exception e) {
            throw new IllegalStateException("the queue broker cannot count its messages", e);
        }
    }

    @Override
    public void close() throws Exception {
        broker.stop();
        broker.waitUntilStopped();
    }
}
