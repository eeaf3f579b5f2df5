package io.mailgate.benchmarks;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

import io.mailgate.api.SendingDomains.DkimKey;
import io.mailgate.plugin.dkimsign.SignDkim;

/**
 * The dkim-sign stage on a fresh mail of 10 KB and of 1 MB: both signatures (RSA-2048 and
 * Ed25519), the keys looked up per message in an in-memory SendingDomains as the gateway serves it. {@link StageBenchmark#makeMail()} gives the cost of making the mail, to subtract.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DkimSignBenchmark {

    @Param({"10240", "1048576"})
    public int size;

    private byte[] message;
    private SignDkim stage;

    @Setup
    public void setUp() throws Exception {
        message = Messages.ofSize(size);
        List<DkimKey> keys = List.of(
                new DkimKey("rsa1", "rsa-sha256", privateKey("RSA", 2048)),
                new DkimKey("ed1", "ed25519-sha256", privateKey("Ed25519", 0)));
        stage = new SignDkim(InMemorySendingDomains.withAcme(keys));
        stage.init(FakeMailetConfig.builder().mailetName("stage:dkim-sign").build());
    }

    @Benchmark
    public MailImpl signBoth() throws Exception {
        MailImpl mail = Messages.tenantMail("bench", message);
        stage.service(mail);
        return mail;
    }

    private static PrivateKey privateKey(String algorithm, int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (bits > 0) {
            generator.initialize(bits);
        }
        return generator.generateKeyPair().getPrivate();
    }
}
