package io.mailgate.benchmarks;

import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Parsing a 5 KB message and writing it out again: what every stage that reads a message pays. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MessageParseBenchmark {

    private final byte[] message = Messages.fiveKilobytes();

    @Benchmark
    public String parseHeaders() throws MessagingException {
        return Messages.parse(message).getMessageID();
    }

    @Benchmark
    public MimeMessage parseAndWrite() throws Exception {
        MimeMessage parsed = Messages.parse(message);
        parsed.writeTo(OutputStream.nullOutputStream());
        return parsed;
    }
}
