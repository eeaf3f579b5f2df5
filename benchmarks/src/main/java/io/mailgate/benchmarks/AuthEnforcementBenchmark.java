package io.mailgate.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
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
import org.openjdk.jmh.annotations.Warmup;

import io.mailgate.api.SmtpCheck;
import io.mailgate.api.Verdict;
import io.mailgate.plugin.auth.EnforceSenderAuth;
import io.mailgate.plugin.auth.RecentSends;
import io.mailgate.plugin.auth.SenderAuthCheck;

/**
 * The auth-enforcement checks per message, with SendingDomains in memory (10,001 tenants) and a
 * warm AUTH-7 history (the stage records a new recipient per call, cycling over 100,000, so the
 * history holds up to that many entries):
 * <ul>
 *   <li>{@link #checkMailFrom()}: the MAIL FROM answer (one SendingDomains lookup);</li>
 *   <li>{@link #checkMessage()}: the end-of-DATA answer on a parsed message (From parsed, looked
 *       up, the body fingerprinted, one history lookup);</li>
 *   <li>{@link #stage()}: the chain stage on a fresh mail, recording the send for a new recipient
 *       each time; {@link StageBenchmark#makeMail()} gives the cost of making the mail, to subtract.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuthEnforcementBenchmark {

    private static final int RECIPIENTS = 100_000;

    @Param({"5120", "1048576"})
    public int size;

    private final SmtpCheck.Session session = new SmtpCheck.Session("acme", "192.0.2.10", "app1.acme.test");
    private byte[] message;
    private MimeMessage parsed;
    private MailAddress sender;
    private List<MailAddress> recipients;
    private SenderAuthCheck check;
    private EnforceSenderAuth stage;
    private MailAddress[] recipientPool;
    private int next;

    @Setup
    public void setUp() throws MessagingException {
        message = Messages.ofSize(size);
        parsed = Messages.parse(message);
        sender = new MailAddress("news@acme.test");
        InMemorySendingDomains domains = InMemorySendingDomains.withAcme(List.of());
        RecentSends recentSends = new RecentSends();
        check = new SenderAuthCheck(domains, recentSends);
        stage = new EnforceSenderAuth(domains, recentSends);
        stage.init(FakeMailetConfig.builder().mailetName("stage:auth-enforcement").build());
        recipientPool = new MailAddress[RECIPIENTS];
        for (int i = 0; i < RECIPIENTS; i++) {
            recipientPool[i] = new MailAddress("reader" + i + "@example.org");
        }
        recipients = List.of(recipientPool[0]);
        for (int i = 0; i < 1000; i++) {
            stage();
        }
    }

    @Benchmark
    public Verdict checkMailFrom() {
        return check.onMailFrom(session, sender);
    }

    @Benchmark
    public Verdict checkMessage() {
        return check.onMessage(session, sender, recipients, parsed);
    }

    @Benchmark
    public MailImpl stage() throws MessagingException {
        MailImpl mail = Messages.tenantMail("bench", message);
        mail.setRecipients(List.of(recipientPool[next++ % RECIPIENTS]));
        stage.service(mail);
        return mail;
    }
}
