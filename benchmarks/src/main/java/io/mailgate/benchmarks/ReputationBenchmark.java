package io.mailgate.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.james.core.MailAddress;
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

import io.mailgate.core.delivery.DeliveryListener;
import io.mailgate.core.reputation.ProviderGroups;
import io.mailgate.core.reputation.ReputationCases;
import io.mailgate.core.reputation.ReputationService;
import io.mailgate.core.reputation.RollingCounters;
import io.mailgate.core.reputation.Thresholds;
import io.mailgate.core.reputation.TenantNotices;
import io.mailgate.core.store.Database;
import io.mailgate.core.store.JournalStore;
import io.mailgate.core.store.TenantStore;
import io.mailgate.feedback.FeedbackResult;

/**
 * The reputation accounting of one recipient (REP-2), sampled so that JMH prints percentiles:
 * <ul>
 *   <li>{@code delivered}: what delivery calls per recipient: the provider group from the MX name,
 *       the count in the tenant's rolling window, the thresholds held against its figures (the
 *       tenants are over the minimum volume, so every threshold is computed);</li>
 *   <li>{@code complaint}: one complaint from the feedback path, the group from the recipient's domain.</li>
 * </ul>
 * 100 tenants with 2,000 deliveries each. The limits are the policy's minimum volume with every
 * rate at 100 %: each one is computed and compared, none is crossed, so nobody is suspended while
 * complaints pile up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class ReputationBenchmark {

    private static final String[] HOSTS = {"gmail-smtp-in.l.google.com", "acme-com.mail.protection.outlook.com",
            "mta5.am0.yahoodns.net", "mxs.mail.ru", "mx.yandex.net", "mx.example.org"};

    private Path home;
    private Database database;
    private JournalStore journal;
    private ReputationService reputation;
    private String[] tenants;
    private MailAddress recipient;

    @Setup
    public void setUp() throws Exception {
        home = Files.createTempDirectory("reputation-bench");
        database = Database.open(home.resolve("db"));
        TenantStore store = new TenantStore(database);
        journal = new JournalStore(database);
        Clock clock = Clock.systemUTC();
        ProviderGroups groups = ProviderGroups.standard();
        ReputationCases cases = new ReputationCases(database, store, journal, TenantNotices.NONE,
                ReputationCases.Deadlines.POLICY, clock);
        reputation = new ReputationService(new RollingCounters(Duration.ofHours(24), Duration.ofMinutes(10), groups.size()),
                groups, new Thresholds(1000, 100, 100, 100, 100, 100, 100), store, cases, clock);
        tenants = new String[100];
        recipient = new MailAddress("reader@example.org");
        for (int t = 0; t < tenants.length; t++) {
            tenants[t] = store.createTenant("tenant " + t).id();
            for (int i = 0; i < 2_000; i++) {
                reputation.delivered(tenants[t], recipient,
                        new DeliveryListener.Delivery(HOSTS[i % HOSTS.length], true, false, false));
            }
        }
    }

    @Benchmark
    public void delivered() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        reputation.delivered(tenants[random.nextInt(tenants.length)], recipient,
                new DeliveryListener.Delivery(HOSTS[random.nextInt(HOSTS.length)], true, false, false));
    }

    @Benchmark
    public void complaint() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        reputation.feedback(tenants[random.nextInt(tenants.length)],
                new FeedbackResult("arf", "reader@gmail.com", "", "", "feedback", false, false, "abuse", ""));
    }

    @TearDown
    public void tearDown() throws Exception {
        journal.close();
        database.close();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
