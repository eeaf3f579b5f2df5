package io.mailgate.plugin.dkimsign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.mailgate.api.MailgateAttributes;

/**
 * The proof that matters: messages signed by the stage verify with an independent verifier,
 * dkimpy (Debian's python3-dkim, run as a subprocess with {@code /usr/bin/python3}, or the
 * interpreter named by the system property {@code mailgate.python3}), its DNS answered with the
 * test keys' TXT records (the keys come to the stage from an in-memory SendingDomains, as the
 * gateway's would give them). Both signatures pass on every sample message, in the mail classes a
 * mailet meets (a plain parsed MimeMessage, James's MailImpl, and James's MailImpl after an
 * earlier mailet changed a header); one changed body byte fails both.
 *
 * <p>Without python3-dkim the tests fail, with the command that installs it; they never skip.
 */
class SignedMessagesVerifyTest {

    private static final String PYTHON = System.getProperty("mailgate.python3", "/usr/bin/python3");
    private static final List<String> PASS = List.of("rsa-sha256 pass", "ed25519-sha256 pass");

    @TempDir
    static Path dir;

    private static Path script;
    private static SignDkim stage;

    @BeforeAll
    static void verifierAndStage() throws Exception {
        script = dir.resolve("dkim_verify.py");
        try (InputStream in = SignedMessagesVerifyTest.class.getResourceAsStream("/dkim_verify.py")) {
            Files.copy(in, script);
        }
        Result check = python(dir.resolve("empty.eml"), List.of(), new byte[0]);
        if (check.status != 0) {
            fail("the independent DKIM verifier is missing: install Debian's python3-dkim (apt-get install python3-dkim; "
                    + "bin/test must install it) for " + PYTHON + " (" + check.status + "): " + check.stderr);
        }
        stage = new SignDkim(InMemorySendingDomains.exampleCom());
        stage.init(FakeMailetConfig.builder().mailetName("stage:dkim-sign").build());
    }

    static Stream<Arguments> messagesInEveryHolder() {
        return Samples.ALL.keySet().stream()
                .flatMap(sample -> Arrays.stream(Holder.values()).map(holder -> Arguments.of(sample, holder)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("messagesInEveryHolder")
    void bothSignaturesShouldVerifyWhenMessageSignedByStage(String sample, Holder holder) throws Exception {
        byte[] signed = signed(holder.mail(Samples.ALL.get(sample)));

        assertEquals(PASS, verify(signed), sample);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("messagesInEveryHolder")
    void bothSignaturesShouldFailWhenOneBodyByteChanged(String sample, Holder holder) throws Exception {
        byte[] signed = signed(holder.mail(Samples.ALL.get(sample)));

        assertBothFail(verify(changedBodyByte(signed)));
    }

    @Test
    void bothSignaturesShouldFailWhenSignedSubjectChanged() throws Exception {
        String signed = text(signed(Holder.JAMES.mail(Samples.ALL.get("plain text"))));

        assertBothFail(verify(bytes(signed.replace("Subject: Your weekly digest", "Subject: Your weekly digeST"))));
    }

    @Test
    void bothSignaturesShouldFailWhenSecondFromAdded() throws Exception {
        String signed = text(signed(Holder.JAMES.mail(Samples.ALL.get("plain text"))));

        // Below the others: a verifier takes From fields bottom up, and h= names From once more than signed.
        assertBothFail(verify(bytes(signed.replaceFirst("\r\n\r\n", "\r\nFrom: someone-else@example.net\r\n\r\n"))));
    }

    @Test
    void bothSignaturesShouldStillVerifyWhenNextHopAddsReceivedOnTop() throws Exception {
        String signed = text(signed(Holder.JAMES.mail(Samples.ALL.get("long folded headers"))));

        assertEquals(PASS, verify(bytes("Received: from gateway.example.com by mx.example.org;\r\n"
                + "\tWed, 25 Nov 2026 12:00:01 +0000\r\n" + signed)));
    }

    @Test
    void bothSignaturesShouldVerifyWhenEarlierStageRewroteBodyWithJavaMail() throws Exception {
        Mail mail = Holder.JAMES.mail(Samples.ALL.get("plain text"));
        MimeMessage message = mail.getMessage();
        message.setText(message.getContent() + "\r\n-- \r\nAcme Corp., 1 Main St., Grüße\r\n", "UTF-8");
        message.saveChanges();

        assertEquals(PASS, verify(signed(mail)));
    }

    private static void assertBothFail(List<String> results) {
        assertEquals(2, results.size(), results.toString());
        assertTrue(results.get(0).startsWith("rsa-sha256 fail"), results.toString());
        assertTrue(results.get(1).startsWith("ed25519-sha256 fail"), results.toString());
    }

    private static byte[] signed(Mail mail) throws Exception {
        mail.setAttribute(new Attribute(MailgateAttributes.TENANT_ID, AttributeValue.of(TestKeys.TENANT)));
        stage.service(mail);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        byte[] signed = out.toByteArray();
        assertTrue(text(signed).startsWith("DKIM-Signature: v=1; a=rsa-sha256;"), text(signed));
        return signed;
    }

    /** Changes one letter or digit of the body, about half way through it. */
    private static byte[] changedBodyByte(byte[] message) {
        byte[] changed = message.clone();
        int bodyStart = text(message).indexOf("\r\n\r\n") + 4;
        for (int i = bodyStart + (message.length - bodyStart) / 2; i < message.length; i++) {
            if (Character.isLetterOrDigit(changed[i])) {
                changed[i] = (byte) (changed[i] == 'x' ? 'y' : 'x');
                return changed;
            }
        }
        throw new IllegalStateException("no letter in the second half of the body");
    }

    private static List<String> verify(byte[] message) throws Exception {
        List<String> records = List.of(
                TestKeys.recordName(TestKeys.RSA_SELECTOR) + "=" + TestKeys.rsaRecord(TestKeys.rsa().getPublic()),
                TestKeys.recordName(TestKeys.ED25519_SELECTOR) + "=" + TestKeys.ed25519Record(TestKeys.ed25519().getPublic()));
        Result result = python(Files.createTempFile(dir, "signed", ".eml"), records, message);
        assertEquals(0, result.status, "dkimpy failed: " + result.stderr);
        return result.stdout.lines().toList();
    }

    private static Result python(Path messageFile, List<String> records, byte[] message) throws IOException, InterruptedException {
        Files.write(messageFile, message);
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString(), messageFile.toString()));
        command.addAll(records);
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            return new Result(-1, "", "cannot run " + PYTHON + ": " + e.getMessage());
        }
        byte[] stdout = process.getInputStream().readAllBytes();
        byte[] stderr = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "", "dkimpy did not finish within 60 s");
        }
        return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8), new String(stderr, StandardCharsets.UTF_8));
    }

    private record Result(int status, String stdout, String stderr) {
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** How the stage gets the mail: the classes a mailet meets. */
    enum Holder {
        /** A MimeMessage parsed from the bytes, in James's FakeMail (as in mailet unit tests). */
        PARSED {
            @Override
            Mail mail(byte[] raw) throws Exception {
                return FakeMail.builder().name("mail-1")
                        .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)))
                        .sender("news@example.com").recipient("alice@example.org").build();
            }
        },
        /** James's MailImpl over a MimeMessageWrapper of the received bytes, as the spooler hands it over. */
        JAMES {
            @Override
            Mail mail(byte[] raw) throws Exception {
                MimeMessageWrapper message = new MimeMessageWrapper(
                        MimeMessageInputStreamSource.create("mail-1", new ByteArrayInputStream(raw)));
                return MailImpl.builder().name("mail-1").sender("news@example.com").addRecipient("alice@example.org")
                        .mimeMessage(message).build();
            }
        },
        /** The same after an earlier mailet removed a header the way RemoveMimeHeader does. */
        JAMES_HEADER_REMOVED {
            @Override
            Mail mail(byte[] raw) throws Exception {
                Mail mail = JAMES.mail(bytes("X-Mailgate-Resource: newsletter\r\n" + text(raw)));
                mail.getMessage().removeHeader("X-Mailgate-Resource");
                mail.getMessage().saveChanges();
                return mail;
            }
        };

        abstract Mail mail(byte[] raw) throws Exception;
    }

    /** The sample messages, as the bytes a client sends (CRLF line ends). */
    static final class Samples {

        static final Map<String, byte[]> ALL = Map.of(
                "plain text", crlf("""
                        From: Acme News <news@example.com>
                        To: Alice <alice@example.org>
                        Cc: bob@example.org
                        Reply-To: support@example.com
                        Subject: Your weekly digest
                        Date: Wed, 25 Nov 2026 12:00:00 +0000
                        Message-ID: <digest-1@example.com>
                        MIME-Version: 1.0
                        Content-Type: text/plain; charset=us-ascii
                        Content-Transfer-Encoding: 7bit
                        List-Unsubscribe: <https://unsubscribe.example.com/u/abc123>, <mailto:unsubscribe@example.com?subject=abc123>
                        List-Unsubscribe-Post: List-Unsubscribe=One-Click

                        Hello Alice,

                        Here is  your   digest.\s\s\s
                        \tAn indented line.

                        --\s
                        Acme


                        """),
                "multipart/alternative", crlf("""
                        From: news@example.com
                        To: alice@example.org
                        Subject: Opening hours
                        Date: Wed, 25 Nov 2026 12:00:00 +0000
                        Message-ID: <mp-1@example.com>
                        MIME-Version: 1.0
                        Content-Type: multipart/alternative; boundary="b1_0123abcd"

                        This is a multi-part message in MIME format.

                        --b1_0123abcd
                        Content-Type: text/plain; charset=UTF-8
                        Content-Transfer-Encoding: quoted-printable

                        Caf=C3=A9 opening hours: 9=E2=80=9317. A long line that quoted-printable so=
                        ft-breaks to stay under 76 characters.

                        --b1_0123abcd
                        Content-Type: text/html; charset=UTF-8
                        Content-Transfer-Encoding: quoted-printable

                        <html><body><p>Caf=C3=A9 opening hours: 9=E2=80=9317.</p></body></html>

                        --b1_0123abcd--
                        Epilogue text.
                        """),
                "8bit UTF-8 body", utf8("""
                        From: =?UTF-8?B?0KTRkdC00L7RgA==?= <fedor@example.com>
                        To: José <jose@example.org>
                        Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_M=C3=BCnchen?=
                        Date: Wed, 25 Nov 2026 12:00:00 +0000
                        Message-ID: <utf8-1@example.com>
                        MIME-Version: 1.0
                        Content-Type: text/plain; charset=UTF-8
                        Content-Transfer-Encoding: 8bit

                        Привет, мир!  Grüße aus München. \uD83D\uDE00
                        Вторая строка.
                        """),
                "long folded headers", crlf("""
                        Received: from app1.example.com (app1.example.com [192.0.2.10])
                        \tby gateway.example.com with ESMTPSA id 12345
                        \tfor <first.recipient@example.org>; Wed, 25 Nov 2026 12:00:00 +0000
                        From: "A very long display name for the sender, Incorporated" <news@mail.example.com>
                        To: first.recipient@example.org, second.recipient@example.org,
                        \tthird.recipient@example.org,    fourth.recipient@example.org,
                         fifth.recipient@example.org
                        Subject: A subject line that is long enough to need folding across
                         several lines,   with  odd   spacing\tand tabs
                         \tand a third line\t
                        Date: Wed, 25 Nov 2026 12:00:00 +0000
                        Message-ID: <folded-1@example.com>
                        List-Unsubscribe: <https://unsubscribe.example.com/u/0123456789abcdef0123456789abcdef>,
                        \t<mailto:unsubscribe@example.com?subject=0123456789abcdef0123456789abcdef>
                        List-Unsubscribe-Post: List-Unsubscribe=One-Click
                        MIME-Version: 1.0
                        Content-Type: text/plain;
                        \tcharset="us-ascii";
                        \tformat=flowed

                        Body.
                        """),
                "no trailing CRLF", crlf("""
                        From: news@example.com
                        To: alice@example.org
                        Subject: No final line break
                        Message-ID: <nocrlf-1@example.com>

                        First line
                        Last line without a line break"""));

        private Samples() {
        }

        private static byte[] crlf(String text) {
            return text.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
        }

        private static byte[] utf8(String text) {
            return text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        }
    }
}
