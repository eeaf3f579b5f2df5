package io.mailgate.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
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

import io.mailgate.api.MailgateAttributes;
import io.mailgate.api.SendingPolicies.CountKey;
import io.mailgate.api.SendingPolicies.Kind;
import io.mailgate.api.StageVerdicts;
import io.mailgate.core.caps.CapCounters;
import io.mailgate.core.caps.PolicyInput;
import io.mailgate.core.caps.SendingPolicyService;
import io.mailgate.core.caps.SendingPolicyStore;
import io.mailgate.core.store.Database;
import io.mailgate.core.store.TenantStore;
import io.mailgate.plugin.frequencycap.FrequencyCapStage;

/**
 * The frequency cap check of one recipient with {@code recipients} recipients counted (each under
 * two kinds: across everything and via the resource "news", so twice as many counters), sampled so
 * that JMH prints percentiles:
 * <ul>
 *   <li>{@code check}: what the stage asks per recipient under a policy of two kinds: two keys
 *       made and hashed, two day-window sums from memory;</li>
 *   <li>{@code stageOneRecipient}: the whole stage on a one-recipient mail to "news": headers read,
 *       policy chosen, checked, counted or skipped.</li>
 * </ul>
 * The database is built once under {@code benchmarks/target/caps-<recipients>} and reused (its
 * counters stay valid for 16 days); setup prints the load time and the memory per counter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class FrequencyCapBenchmark {

    @Param("1000000")
    int recipients;

    private Database database;
    private CapCounters counters;
    private SendingPolicyService service;
    private FrequencyCapStage stage;
    private FakeMail mail;
    private String tenant;

    @Setup
    public void setUp() throws Exception {
        Path directory = Path.of("benchmarks/target/caps-" + recipients);
        long opening = System.nanoTime();
        open(directory);
        System.out.printf("%nopen: %d counters loaded in %.1f s%n", counters.size(), (System.nanoTime() - opening) / 1e9);
        if (counters.size() < 2L * recipients) {
            counters.close();
            database.close();
            deleteTree(directory);
            open(directory);
            long start = System.nanoTime();
            for (int i = 0; i < recipients; i++) {
                String address = address(i);
                service.count(CountKey.of(tenant, Kind.RECIPIENT, "news", "email", address));
                service.count(CountKey.of(tenant, Kind.RECIPIENT_RESOURCE, "news", "email", address));
            }
            counters.flush();
            System.out.printf("%nfill: %d counters counted and written in %.1f s%n", counters.size(),
                    (System.nanoTime() - start) / 1e9);
            counters.close();
            database.close();
            open(directory);
        }
        System.out.printf("%ncounters: %d, %d bytes, %.1f bytes per counter%n", counters.size(), counters.bytes(),
                counters.bytes() / (double) counters.size());

        stage = new FrequencyCapStage(service);
        stage.init(FakeMailetConfig.builder().mailetName("stage:frequency-cap").build());
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom("news@acme.example");
        message.setSubject("News");
        message.setHeader("X-Mailgate-Resource", "news");
        message.setText("Hello\r\n");
        message.saveChanges();
        mail = FakeMail.builder().name("m1").mimeMessage(message).sender("news@acme.example").recipient(address(0)).build();
        mail.setAttribute(new Attribute(MailgateAttributes.TENANT_ID, AttributeValue.of(tenant)));
    }

    private void open(Path directory) {
        database = Database.open(directory);
        TenantStore tenants = new TenantStore(database);
        tenant = tenants.listTenants().isEmpty() ? tenants.createTenant("bench").id() : tenants.listTenants().get(0).id();
        SendingPolicyStore policies = new SendingPolicyStore(database, Clock.systemUTC());
        if (policies.list(tenant).isEmpty()) {
            policies.create(tenant, new PolicyInput("account", null, null, List.of("recipient"), 5, 7, null));
            policies.create(tenant, new PolicyInput("resource", "news", null, List.of("recipient", "recipient-resource"),
                    15, 1, null));
        }
        counters = new CapCounters(database, Clock.systemUTC());
        service = new SendingPolicyService(policies, counters);
    }

    @TearDown
    public void tearDown() {
        counters.close();
        database.close();
    }

    @Benchmark
    public int check() {
        String address = address(ThreadLocalRandom.current().nextInt(recipients));
        return service.sent(CountKey.of(tenant, Kind.RECIPIENT, "news", "email", address), 7)
                + service.sent(CountKey.of(tenant, Kind.RECIPIENT_RESOURCE, "news", "email", address), 1);
    }

    @Benchmark
    public Object stageOneRecipient() throws Exception {
        mail.setRecipients(List.of(new MailAddress(address(ThreadLocalRandom.current().nextInt(recipients)))));
        stage.service(mail);
        return StageVerdicts.take(mail);
    }

    static String address(int i) {
        return "user" + i + "@domain" + (i % 5000) + ".example";
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
}
