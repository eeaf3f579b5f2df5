package io.mailgate.plugin.dkimsign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

import io.mailgate.api.MailgateAttributes;
import io.mailgate.api.SendingDomains.DkimKey;
import io.mailgate.api.SendingDomains.SendingDomain;
import io.mailgate.api.StageVerdicts;
import io.mailgate.api.Verdict;

/** The stage on its own: James's fake config and mail, the keys from an in-memory SendingDomains, no OSGi. */
class SignDkimTest {

    private static final String MESSAGE = "From: Sender <sender@example.com>\r\n"
            + "To: rcpt@example.org\r\n"
            + "Subject: test\r\n"
            + "Message-ID: <1@example.com>\r\n"
            + "\r\n"
            + "Hello.\r\n";

    private final InMemorySendingDomains domains = InMemorySendingDomains.exampleCom();

    @Test
    void serviceShouldAddRsaThenEd25519SignatureWhenFromIsInVerifiedDomain() throws Exception {
        Mail mail = mail(MESSAGE);

        initialized().service(mail);

        String[] signatures = mail.getMessage().getHeader("DKIM-Signature");
        assertEquals(2, signatures.length);
        Map<String, String> rsa = DkimSignerTest.tags("DKIM-Signature:" + signatures[0]);
        Map<String, String> ed25519 = DkimSignerTest.tags("DKIM-Signature:" + signatures[1]);
        assertEquals(List.of("rsa-sha256", "example.com", "mg-rsa"), List.of(rsa.get("a"), rsa.get("d"), rsa.get("s")));
        assertEquals(List.of("ed25519-sha256", "example.com", "mg-ed"), List.of(ed25519.get("a"), ed25519.get("d"), ed25519.get("s")));
        assertEquals(List.of(), StageVerdicts.take(mail));
    }

    @Test
    void serviceShouldPutSignaturesOnTopAndKeepEveryOtherByteWhenSigning() throws Exception {
        Mail mail = mail(MESSAGE);

        initialized().service(mail);

        String written = written(mail);
        int original = written.indexOf("From: Sender");
        assertEquals(MESSAGE, written.substring(original));
        String[] added = written.substring(0, original).split("\r\n");
        assertTrue(added[0].startsWith("DKIM-Signature: v=1; a=rsa-sha256;"), added[0]);
        for (String line : added) {
            assertTrue(line.startsWith("\t") || line.startsWith("DKIM-Signature: v=1; a="), line);
        }
    }

    @Test
    void serviceShouldSignAsCoveringDomainWhenFromIsInSubdomain() throws Exception {
        Mail mail = mail(MESSAGE.replace("sender@example.com", "news@mail.example.com"));

        initialized().service(mail);

        String[] signatures = mail.getMessage().getHeader("DKIM-Signature");
        assertEquals(2, signatures.length);
        assertEquals("example.com", DkimSignerTest.tags("DKIM-Signature:" + signatures[0]).get("d"));
    }

    @Test
    void serviceShouldSignAsNearestSendingDomainWhenTenantHasSubdomainToo() throws Exception {
        domains.add(new SendingDomain("mail.example.com", TestKeys.TENANT, true, "", true,
                List.of(new DkimKey("mail-ed", "ed25519-sha256", TestKeys.ed25519().getPrivate()))));
        Mail mail = mail(MESSAGE.replace("sender@example.com", "news@mail.example.com"));

        initialized().service(mail);

        String[] signatures = mail.getMessage().getHeader("DKIM-Signature");
        assertEquals(1, signatures.length);
        assertEquals("mail.example.com", DkimSignerTest.tags("DKIM-Signature:" + signatures[0]).get("d"));
        assertEquals("mail-ed", DkimSignerTest.tags("DKIM-Signature:" + signatures[0]).get("s"));
    }

    @Test
    void serviceShouldSignWhenFromDomainDiffersOnlyInCase() throws Exception {
        Mail mail = mail(MESSAGE.replace("sender@example.com", "sender@EXAMPLE.Com"));

        initialized().service(mail);

        assertEquals(2, mail.getMessage().getHeader("DKIM-Signature").length);
    }

    @Test
    void serviceShouldSignWhenFromDomainIsInternationalized() throws Exception {
        domains.add(new SendingDomain("xn--bcher-kva.example", TestKeys.TENANT, true, "", false, TestKeys.exampleCom().keys()));
        Mail mail = mail(MESSAGE.replace("sender@example.com", "info@bücher.example"));

        initialized().service(mail);

        String[] signatures = mail.getMessage().getHeader("DKIM-Signature");
        assertEquals(2, signatures.length);
        assertEquals("xn--bcher-kva.example", DkimSignerTest.tags("DKIM-Signature:" + signatures[0]).get("d"));
    }

    @Test
    void serviceShouldRejectUnchangedWhenFromIsNotTenantsSendingDomain() throws Exception {
        assertRejectedUnchanged(MESSAGE.replace("sender@example.com", "sender@example.org"),
                "the From domain example.org is not a sending domain of this tenant");
    }

    @Test
    void serviceShouldRejectUnchangedWhenFromDomainOnlyEndsWithSendingDomain() throws Exception {
        assertRejectedUnchanged(MESSAGE.replace("sender@example.com", "sender@badexample.com"),
                "badexample.com is not a sending domain of this tenant");
    }

    @Test
    void serviceShouldRejectUnchangedWhenDomainBelongsToAnotherTenant() throws Exception {
        Mail mail = mail(MESSAGE);
        mail.setAttribute(new Attribute(MailgateAttributes.TENANT_ID, AttributeValue.of("globex")));

        assertRejectedUnchanged(mail, "example.com is not a sending domain of this tenant");
    }

    @Test
    void serviceShouldRejectUnchangedWhenSendingDomainIsNotVerified() throws Exception {
        InMemorySendingDomains unverified = new InMemorySendingDomains().add(new SendingDomain("example.com", TestKeys.TENANT,
                false, "the DKIM record mg-rsa._domainkey.example.com is missing", false, TestKeys.exampleCom().keys()));

        assertRejectedUnchanged(new SignDkim(unverified), mail(MESSAGE),
                "cannot DKIM-sign as example.com: it is not verified: the DKIM record mg-rsa._domainkey.example.com is missing");
    }

    @Test
    void serviceShouldRejectUnchangedWhenSendingDomainHasNoKey() throws Exception {
        InMemorySendingDomains keyless = new InMemorySendingDomains()
                .add(new SendingDomain("example.com", TestKeys.TENANT, true, "", false, List.of()));

        assertRejectedUnchanged(new SignDkim(keyless), mail(MESSAGE), "example.com: it has no DKIM key");
    }

    @Test
    void serviceShouldRejectUnchangedWhenRsaKeyHasFewerThan2048Bits() throws Exception {
        InMemorySendingDomains weak = new InMemorySendingDomains().add(new SendingDomain("example.com", TestKeys.TENANT, true,
                "", false, List.of(new DkimKey("old", "rsa-sha256", TestKeys.generate("RSA", 1024).getPrivate()))));

        assertRejectedUnchanged(new SignDkim(weak), mail(MESSAGE), "old._domainkey.example.com has 1024 bits");
    }

    @Test
    void serviceShouldRejectUnchangedWhenKeyIsNotOfItsAlgorithm() throws Exception {
        InMemorySendingDomains mixedUp = new InMemorySendingDomains().add(new SendingDomain("example.com", TestKeys.TENANT, true,
                "", false, List.of(new DkimKey("mg-ed", "ed25519-sha256", TestKeys.rsa().getPrivate()))));

        assertRejectedUnchanged(new SignDkim(mixedUp), mail(MESSAGE), "is said to be ed25519-sha256 but its key signs rsa-sha256");
    }

    @Test
    void serviceShouldRejectUnchangedWhenSelectorIsNotADnsName() throws Exception {
        InMemorySendingDomains badSelector = new InMemorySendingDomains().add(new SendingDomain("example.com", TestKeys.TENANT,
                true, "", false, List.of(new DkimKey("mg; d=evil.example", "ed25519-sha256", TestKeys.ed25519().getPrivate()))));

        assertRejectedUnchanged(new SignDkim(badSelector), mail(MESSAGE), "is not a DNS name");
    }

    @Test
    void serviceShouldRejectUnchangedWhenFromAddressHasNoDomain() throws Exception {
        assertRejectedUnchanged(MESSAGE.replace("From: Sender <sender@example.com>", "From: example.com"), "has no domain");
    }

    @Test
    void serviceShouldRejectUnchangedWhenMessageHasNoFrom() throws Exception {
        assertRejectedUnchanged(MESSAGE.replace("From: Sender <sender@example.com>\r\n", ""), "the message has no From field");
    }

    @Test
    void serviceShouldRejectUnchangedWhenMessageHasTwoFromFields() throws Exception {
        assertRejectedUnchanged("From: other@example.com\r\n" + MESSAGE, "2 From fields");
    }

    @Test
    void serviceShouldRejectUnchangedWhenFromHasTwoAddresses() throws Exception {
        assertRejectedUnchanged(MESSAGE.replace("From: Sender <sender@example.com>", "From: a@example.com, b@example.com"),
                "the From field has 2 addresses");
    }

    @Test
    void serviceShouldRejectUnchangedWhenMailHasNoTenant() throws Exception {
        Mail mail = mail(MESSAGE);
        mail.removeAttribute(MailgateAttributes.TENANT_ID);

        assertRejectedUnchanged(mail, "the mail carries no tenant");
    }

    @Test
    void serviceShouldKeepMessageIdWhenMessageWasChangedByEarlierStage() throws Exception {
        Mail mail = mail(MESSAGE);
        mail.getMessage().setText("Changed by an earlier stage.\r\n", "UTF-8");
        mail.getMessage().saveChanges();
        String messageId = mail.getMessage().getMessageID();

        initialized().service(mail);

        assertEquals(messageId, mail.getMessage().getMessageID());
        assertTrue(written(mail).endsWith("\r\n\r\nChanged by an earlier stage.\r\n"), written(mail));
    }

    @Test
    void initShouldFailNamingParameterWhenAnyParameterIsGiven() {
        SignDkim stage = new SignDkim(domains);

        MessagingException e = assertThrows(MessagingException.class, () -> stage.init(FakeMailetConfig.builder()
                .mailetName("stage:dkim-sign").setProperty("rsa-key", "/etc/mailgate/dkim/example.com.rsa.pem").build()));

        assertTrue(e.getMessage().contains("rsa-key"), e.getMessage());
    }

    private void assertRejectedUnchanged(String message, String reasonPart) throws Exception {
        assertRejectedUnchanged(mail(message), reasonPart);
    }

    private void assertRejectedUnchanged(Mail mail, String reasonPart) throws Exception {
        assertRejectedUnchanged(new SignDkim(domains), mail, reasonPart);
    }

    private static void assertRejectedUnchanged(SignDkim stage, Mail mail, String reasonPart) throws Exception {
        byte[] before = bytes(mail);
        stage.init(FakeMailetConfig.builder().mailetName("stage:dkim-sign").build());

        stage.service(mail);

        assertArrayEquals(before, bytes(mail));
        List<StageVerdicts.Decision> decisions = StageVerdicts.take(mail);
        assertEquals(1, decisions.size(), decisions.toString());
        Verdict verdict = decisions.get(0).verdict();
        assertEquals(Verdict.Kind.REJECT, verdict.kind());
        assertEquals("AUTH-4", verdict.policyId());
        assertTrue(verdict.reason().contains(reasonPart), verdict.reason());
    }

    private SignDkim initialized() throws MessagingException {
        SignDkim stage = new SignDkim(domains, Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC));
        stage.init(FakeMailetConfig.builder().mailetName("stage:dkim-sign").build());
        return stage;
    }

    /** A mail of the test tenant as the gateway hands it over: a MimeMessage parsed from the bytes that came in. */
    static Mail mail(String raw) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        return FakeMail.builder()
                .name("mail-1")
                .mimeMessage(message)
                .sender("sender@example.com")
                .recipient("rcpt@example.org")
                .attribute(new Attribute(MailgateAttributes.TENANT_ID, AttributeValue.of(TestKeys.TENANT)))
                .build();
    }

    private static byte[] bytes(Mail mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toByteArray();
    }

    private static String written(Mail mail) throws Exception {
        return new String(bytes(mail), StandardCharsets.UTF_8);
    }
}
