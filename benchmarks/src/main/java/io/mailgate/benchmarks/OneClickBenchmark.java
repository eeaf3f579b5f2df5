package io.mailgate.benchmarks;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.mailgate.core.store.Database;
import io.mailgate.core.store.JournalStore;
import io.mailgate.core.suppression.SuppressionStore;
import io.mailgate.core.unsubscribe.PublicServer;
import io.mailgate.core.unsubscribe.UnsubscribeLinkService;
import io.mailgate.core.unsubscribe.Unsubscribes;
import io.mailgate.feedback.UnsubscribeTokenCodec;

/**
 * One-click unsubscribes (RFC 8058 POSTs) per second that the public endpoint sustains, end to end:
 * four clients on keep-alive connections (one shared HttpClient), each POST a new recipient's
 * token, checked, written to the suppression list in Derby (a real database in a temporary folder)
 * and to the journal. Bounded: JMH's fixed iterations, 2,000 tokens reused round-robin.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 3)
@Fork(1)
@Threads(4)
public class OneClickBenchmark {

    private static final int TOKENS = 2000;

    private Path home;
    private Database database;
    private JournalStore journal;
    private PublicServer server;
    private HttpClient http;
    private URI[] links;
    private final AtomicInteger next = new AtomicInteger();

    @Setup
    public void setUp() throws Exception {
        home = Files.createTempDirectory("oneclick-bench");
        database = Database.open(home.resolve("db"));
        journal = new JournalStore(database);
        SuppressionStore suppressions = new SuppressionStore(database, Clock.systemUTC());
        UnsubscribeTokenCodec codec = new UnsubscribeTokenCodec(Map.of(1, new byte[32]), Duration.ofDays(60), Clock.systemUTC());
        UnsubscribeLinkService service = new UnsubscribeLinkService(codec, () -> "", "bounces.gateway.test");
        server = new PublicServer(new InetSocketAddress("127.0.0.1", 0), service,
                new Unsubscribes(suppressions, journal, Clock.systemUTC()), tenant -> "Acme Ltd", Integer.MAX_VALUE,
                Clock.systemUTC());
        links = new URI[TOKENS];
        for (int i = 0; i < TOKENS; i++) {
            String path = URI.create(service.issue("tacme", "news", "reader" + i + "@example.org", "weekly").url()).getPath();
            links[i] = server.baseUri().resolve(path);
        }
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @Benchmark
    public int oneClick() throws Exception {
        URI link = links[Math.floorMod(next.getAndIncrement(), TOKENS)];
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(link)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("one-click answered " + response.statusCode());
        }
        return response.statusCode();
    }

    @TearDown
    public void tearDown() throws Exception {
        server.close();
        journal.close();
        database.close();
    }
}
