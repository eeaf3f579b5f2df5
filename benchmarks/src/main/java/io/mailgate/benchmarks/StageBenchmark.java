package io.mailgate.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.MailetConfig;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.mailgate.api.StageVerdicts;
import io.mailgate.api.Verdict;
import io.mailgate.plugin.example.AddHeaderStage;

/**
 * Each stage's {@code service} on a fresh 5 KB mail (the mail's making is measured alone in
 * {@link #makeMail()}, to subtract), and the verdict hand-over every stage goes through.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StageBenchmark {

    private final byte[] message = Messages.fiveKilobytes();
    private AddHeaderStage example;
    private MailAddress recipient;

    @Setup
    public void setUp() throws MessagingException {
        example = new AddHeaderStage();
        MailetConfig config = FakeMailetConfig.builder()
                .mailetName("stage:example")
                .setProperty("name", "X-Mailgate-Example")
                .setProperty("value", "passed")
                .build();
        example.init(config);
        recipient = new MailAddress("reader@example.org");
    }

    @Benchmark
    public MailImpl makeMail() throws MessagingException {
        return Messages.mail("bench", message);
    }

    @Benchmark
    public MailImpl exampleStage() throws MessagingException {
        MailImpl mail = Messages.mail("bench", message);
        example.service(mail);
        return mail;
    }

    @Benchmark
    public List<StageVerdicts.Decision> verdictHandOver() throws MessagingException {
        MailImpl mail = Messages.mail("bench", message);
        StageVerdicts.decide(mail, recipient, Verdict.skipRecipient("CAP-4", "Sending is restricted by the policy applied"));
        return StageVerdicts.take(mail);
    }
}
