package io.mailgate.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
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

import io.mailgate.plugin.dkimsign.SignDkim;

/**
 * The dkim-sign stage on a fresh mail of 10 KB and of 1 MB: both signatures (RSA-2048 and
 * Ed25519). {@link StageBenchmark#makeMail()} gives the cost of making the mail, to subtract.
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
        Path keys = Files.createTempDirectory("mailgate-dkim-bench");
        stage = new SignDkim();
        stage.init(FakeMailetConfig.builder()
                .mailetName("stage:dkim-sign")
                .setProperty("domain", "acme.test")
                .setProperty("rsa-selector", "rsa1")
                .setProperty("rsa-key", pem(keys.resolve("rsa.pem"), "RSA", 2048).toString())
                .setProperty("ed25519-selector", "ed1")
                .setProperty("ed25519-key", pem(keys.resolve("ed25519.pem"), "Ed25519", 0).toString())
                .build());
    }

    @Benchmark
    public MailImpl signBoth() throws Exception {
        MailImpl mail = Messages.mail("bench", message);
        stage.service(mail);
        return mail;
    }

    /** A new private key of that algorithm, written as unencrypted PKCS#8 PEM. */
    private static Path pem(Path file, String algorithm, int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (bits > 0) {
            generator.initialize(bits);
        }
        PrivateKey key = generator.generateKeyPair().getPrivate();
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
        return file;
    }
}
