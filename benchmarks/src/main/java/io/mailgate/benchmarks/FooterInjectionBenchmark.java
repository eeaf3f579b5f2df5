package io.mailgate.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

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

import io.mailgate.api.FooterTemplates;
import io.mailgate.api.TenantProfiles;
import io.mailgate.core.unsubscribe.UnsubscribeLinkService;
import io.mailgate.feedback.UnsubscribeTokenCodec;
import io.mailgate.plugin.footer.AddFooterAndUnsubscribe;

/**
 * The footer-unsubscribe stage for one recipient (what each recipient's copy costs): a signed
 * unsubscribe token and links, the footer rendered, the message parsed, both alternatives given
 * the footer, the List-Unsubscribe headers set, the copy saved. Messages: {@code alternative10k}, a
 * 10 KB multipart/alternative (text and HTML); {@code attachments1m}, a text body with a 1 MB
 * mixed message (two base64 attachments). {@link StageBenchmark#makeMail()} gives the cost of
 * making the mail, to subtract.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FooterInjectionBenchmark {

    @Param({"alternative10k", "attachments1m"})
    public String message;

    private byte[] bytes;
    private AddFooterAndUnsubscribe stage;

    @Setup
    public void setUp() throws Exception {
        bytes = message.equals("alternative10k") ? alternative(10 * 1024) : withAttachments(1024 * 1024);
        TenantProfiles profiles = tenantId -> Optional.of(new TenantProfiles.Profile("Acme Ltd", "1 High Street, London",
                "Companies House", "01234567", "+44 20 7946 0000", "hello@acme.test", ""));
        FooterTemplates templates = (tenantId, resource, language) -> Optional.empty();
        UnsubscribeTokenCodec codec = new UnsubscribeTokenCodec(Map.of(1, new byte[32]), Duration.ofDays(60), Clock.systemUTC());
        UnsubscribeLinkService links = new UnsubscribeLinkService(codec, () -> "https://u.acme.test", "bounces.gateway.test");
        stage = new AddFooterAndUnsubscribe(profiles, templates, links);
        stage.init(FakeMailetConfig.builder().mailetName("stage:footer-unsubscribe").setProperty("processor", "outbound").build());
    }

    @Benchmark
    public MailImpl oneRecipient() throws Exception {
        MailImpl mail = Messages.tenantMail("bench", bytes);
        mail.setRecipients(java.util.List.of(new MailAddress("reader@example.org")));
        stage.service(mail);
        return mail;
    }

    static byte[] alternative(int size) {
        String paragraph = "Dear reader, this week we have news about our products and a few offers for you.\r\n";
        String text = paragraph.repeat(Math.max(1, size / 2 / paragraph.length()));
        String html = "<html><body>" + ("<p>" + paragraph.strip() + "</p>\r\n").repeat(Math.max(1, size / 2 / (paragraph.length() + 7)))
                + "</body></html>\r\n";
        return ("From: news@acme.test\r\nTo: reader@example.org\r\nSubject: Weekly\r\nMessage-ID: <bench@acme.test>\r\n"
                + "X-Mailgate-Resource: news\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=alt\r\n\r\n"
                + "--alt\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + text
                + "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html + "--alt--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] withAttachments(int size) {
        byte[] file = new byte[size / 2 * 3 / 4 - 2048];
        new Random(1).nextBytes(file);
        String encoded = Base64.getMimeEncoder().encodeToString(file);
        return ("From: news@acme.test\r\nTo: reader@example.org\r\nSubject: Files\r\nMessage-ID: <bench@acme.test>\r\n"
                + "X-Mailgate-Resource: news\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=mix\r\n\r\n"
                + "--mix\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThe files you asked for.\r\n"
                + "--mix\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + encoded + "\r\n"
                + "--mix\r\nContent-Type: application/zip; name=b.zip\r\nContent-Disposition: attachment; filename=b.zip\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + encoded + "\r\n--mix--\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
