package io.mailgate.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.mail.internet.MimeMessage;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.mailgate.api.ContentRules;
import io.mailgate.api.ContentRules.Rule;
import io.mailgate.plugin.content.CategoryApprovals;
import io.mailgate.plugin.content.ContentRulesService;
import io.mailgate.plugin.content.ContentScreening;
import io.mailgate.plugin.content.MemoryRuleStore;
import io.mailgate.plugin.content.ScreeningSettings;

/**
 * Content screening with 10,000 rules (the rule tester's path, which is the chain's): one message of
 * 5 KB and of 50 KB (multipart/alternative, the same newsletter in text and HTML, English and a
 * Russian paragraph, links) screened per operation, sampled for percentiles; one rule changed per
 * operation (the time until the next message sees it). The heap the 10,000 rules take is printed
 * at set-up ("heap of 10000 rules"). No blocklists: DNS is not measured here.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class ContentScreeningBenchmark {

    static final int RULES = 10_000;

    @Param({"5120", "51200"})
    public int size;

    private ContentScreening screening;
    private ContentRules rules;
    private MimeMessage message;
    private int change;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        long before = usedHeap();
        screening = new ContentScreening();
        screening.configure(ScreeningSettings.defaults(), CategoryApprovals.NONE);
        rules = new ContentRulesService(screening, new MemoryRuleStore());
        rules.replaceAll(generatedRules(RULES), "bench");
        long after = usedHeap();
        System.out.printf("%nheap of %d rules: %.1f MB%n", RULES, (after - before) / 1048576.0);
        message = Messages.parse(newsletter(size));
        ContentRules.Screening check = rules.test(message, "acme");
        System.out.printf("message of %d bytes: %s, %d findings%n", size, check.verdict().kind(), check.findings().size());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        screening.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ContentRules.Screening screenMessage() {
        return rules.test(message, "acme");
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Rule changeOneRule() {
        int i = change++ % RULES;
        return rules.put(rule(i, "changed" + change), "bench");
    }

    /** Rules like an operator's: mostly phrases of two or three words, some prefixes and proximity. */
    static List<Rule> generatedRules(int count) {
        List<Rule> generated = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            generated.add(rule(i, ""));
        }
        return generated;
    }

    private static Rule rule(int i, String salt) {
        Random random = new Random(i * 31L + salt.hashCode());
        String a = word(random);
        String b = word(random);
        String query = switch (i % 4) {
            case 0 -> "\"" + a + " " + b + "\"";
            case 1 -> "\"" + a + " " + b + "\"~3 OR " + word(random) + salt;
            case 2 -> a + "* AND " + b;
            default -> "\"" + a + " " + b + " " + word(random) + "\"";
        };
        String category = switch (i % 3) {
            case 0 -> "gambling";
            case 1 -> "get-rich-quick";
            default -> "crypto";
        };
        return new Rule("bench-" + i, category, List.of(i % 5 == 0 ? "ru" : "en"), query, null, null, null, "");
    }

    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ter", "son", "bra", "vel", "dor", "pin", "qua",
            "ris", "tul", "wen", "zor", "fex", "gli", "hap", "jun", "nox", "plu"};

    private static String word(Random random) {
        StringBuilder word = new StringBuilder();
        int syllables = 2 + random.nextInt(3);
        for (int s = 0; s < syllables; s++) {
            word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return word.toString();
    }

    private static final String[] NOISE = {"ba", "de", "fi", "go", "hu", "ly", "mo", "ne", "ri", "su"};

    /** Words no generated rule uses (another syllable set): the message matches none of the 10,000. */
    private static String noise(Random random) {
        return NOISE[random.nextInt(NOISE.length)] + NOISE[random.nextInt(NOISE.length)] + random.nextInt(100);
    }

    private static final String[] ENGLISH = ("our team the new season of product updates is here with better tools for "
            + "your store we added reports and faster search customers asked for simpler billing so we rebuilt it "
            + "read the guide and join the webinar next week thanks for being with us since spring prices stay the "
            + "same for existing plans").split(" ");

    /** A newsletter of about {@code size} bytes, half text and half HTML, with a Russian paragraph and links. */
    static byte[] newsletter(int size) {
        Random random = new Random(size);
        StringBuilder text = new StringBuilder();
        int half = size / 2 - 400;
        while (text.length() < half) {
            for (int w = 0; w < 12; w++) {
                text.append(random.nextInt(8) == 0 ? noise(random) : ENGLISH[random.nextInt(ENGLISH.length)]).append(' ');
            }
            text.append(".\r\n");
            if (random.nextInt(10) == 0) {
                text.append("Подробнее о новом сезоне читайте в нашем блоге, скидки для постоянных клиентов.\r\n");
            }
        }
        String html = "<html><body><p>" + text.toString().replace("\r\n", "</p>\r\n<p>")
                + "</p><p><a href=\"https://shop.acme.test/season\">Read more</a></p></body></html>";
        String raw = "From: news@acme.test\r\nTo: reader@example.org\r\nSubject: The new season\r\n"
                + "Message-ID: <bench-content@acme.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/alternative; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text
                + "https://shop.acme.test/season\r\n"
                + "--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + html
                + "\r\n--b--\r\n";
        return raw.getBytes(StandardCharsets.UTF_8);
    }

    private static long usedHeap() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
