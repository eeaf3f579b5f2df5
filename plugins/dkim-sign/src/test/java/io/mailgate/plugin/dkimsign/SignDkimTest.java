package io.mailgate.plugin.dkimsign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage on its own: James's fake config and mail, no OSGi. */
class SignDkimTest {

    private static final String MESSAGE = "From: Sender <sender@example.com>\r\n"
            + "To: rcpt@example.org\r\n"
            + "Subject: test\r\n"
            + "Message-ID: <1@example.com>\r\n"
            + "\r\n"
            + "Hello.\r\n";

    @TempDir
    Path dir;

    private Map<String, String> params;

    @BeforeEach
    void keyFiles() throws Exception {
        params = new HashMap<>();
        params.put("domain", "example.com");
        params.put("rsa-selector", "mg-rsa");
        params.put("rsa-key", TestKeys.writePem(dir.resolve("rsa.pem"), TestKeys.rsa().getPrivate()).toString());
        params.put("ed25519-selector", "mg-ed");
        params.put("ed25519-key", TestKeys.writePem(dir.resolve("ed.pem"), TestKeys.ed25519().getPrivate()).toString());
    }

    @Test
    void serviceShouldAddRsaThenEd25519SignatureWhenFromIsInDomain() throws Exception {
        Mail mail = mail(MESSAGE);

        initialized().service(mail);

        String[] signatures = mail.getMessage().getHeader("DKIM-Signature");
        assertEquals(2, signatures.length);
        assertEquals("rsa-sha256", DkimSignerTest.tags("DKIM-Signature:" + signatures[0]).get("a"));
        assertEquals("ed25519-sha256", DkimSignerTest.tags("DKIM-Signature:" + signatures[1]).get("a"));
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
    void serviceShouldSignWhenFromIsInSubdomain() throws Exception {
        Mail mail = mail(MESSAGE.replace("sender@example.com", "news@mail.example.com"));

        initialized().service(mail);

        assertEquals(2, mail.getMessage().getHeader("DKIM-Signature").length);
    }

    @Test
    void serviceShouldSignWhenFromDomainDiffersOnlyInCase() throws Exception {
        Mail mail = mail(MESSAGE.replace("sender@example.com", "sender@EXAMPLE.Com"));

        initialized().service(mail);

        assertEquals(2, mail.getMessage().getHeader("DKIM-Signature").length);
    }

    @Test
    void serviceShouldLeaveMessageUnchangedWhenFromIsInOtherDomain() throws Exception {
        assertUnchanged(MESSAGE.replace("sender@example.com", "sender@example.org"));
    }

    @Test
    void serviceShouldLeaveMessageUnchangedWhenFromDomainOnlyEndsWithDomain() throws Exception {
        assertUnchanged(MESSAGE.replace("sender@example.com", "sender@badexample.com"));
    }

    @Test
    void serviceShouldLeaveMessageUnchangedWhenFromAddressHasNoDomain() throws Exception {
        assertUnchanged(MESSAGE.replace("From: Sender <sender@example.com>", "From: example.com"));
    }

    @Test
    void serviceShouldSignWhenFromDomainIsInternationalizedAndConfiguredInXnForm() throws Exception {
        params.put("domain", "xn--bcher-kva.example");
        Mail mail = mail(MESSAGE.replace("sender@example.com", "info@bücher.example"));

        initialized().service(mail);

        assertEquals(2, mail.getMessage().getHeader("DKIM-Signature").length);
    }

    @Test
    void serviceShouldLeaveMessageUnchangedWhenMessageHasNoFrom() throws Exception {
        assertUnchanged(MESSAGE.replace("From: Sender <sender@example.com>\r\n", ""));
    }

    @Test
    void serviceShouldLeaveMessageUnchangedWhenMessageHasTwoFromFields() throws Exception {
        assertUnchanged("From: other@example.org\r\n" + MESSAGE);
    }

    @Test
    void serviceShouldLeaveMessageUnchangedWhenOneOfTwoFromAddressesIsInOtherDomain() throws Exception {
        assertUnchanged(MESSAGE.replace("From: Sender <sender@example.com>", "From: a@example.com, b@example.org"));
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
    void initShouldFailNamingDomainWhenDomainMissing() {
        assertInitFailsNaming("domain", () -> params.remove("domain"));
    }

    @Test
    void initShouldFailNamingDomainWhenDomainIsNotADomainName() {
        assertInitFailsNaming("domain", () -> params.put("domain", "example..com"));
    }

    @Test
    void initShouldFailNamingDomainWhenDomainHasOneLabel() {
        assertInitFailsNaming("domain", () -> params.put("domain", "localhost"));
    }

    @Test
    void initShouldFailNamingRsaSelectorWhenRsaSelectorMissing() {
        assertInitFailsNaming("rsa-selector", () -> params.remove("rsa-selector"));
    }

    @Test
    void initShouldFailNamingRsaSelectorWhenRsaSelectorHasUnderscore() {
        assertInitFailsNaming("rsa-selector", () -> params.put("rsa-selector", "mg_rsa"));
    }

    @Test
    void initShouldFailNamingEd25519SelectorWhenEd25519SelectorMissing() {
        assertInitFailsNaming("ed25519-selector", () -> params.remove("ed25519-selector"));
    }

    @Test
    void initShouldFailNamingEd25519SelectorWhenBothSelectorsAreTheSame() {
        assertInitFailsNaming("ed25519-selector", () -> params.put("ed25519-selector", "MG-RSA"));
    }

    @Test
    void initShouldFailNamingRsaKeyWhenRsaKeyMissing() {
        assertInitFailsNaming("rsa-key", () -> params.remove("rsa-key"));
    }

    @Test
    void initShouldFailNamingRsaKeyWhenFileDoesNotExist() {
        assertInitFailsNaming("rsa-key", () -> params.put("rsa-key", dir.resolve("missing.pem").toString()));
    }

    @Test
    void initShouldFailNamingRsaKeyWhenFileHoldsEd25519Key() {
        assertInitFailsNaming("rsa-key", () -> params.put("rsa-key", params.get("ed25519-key")));
    }

    @Test
    void initShouldFailNamingRsaKeyWhenKeyHasFewerThan2048Bits() throws Exception {
        Path small = TestKeys.writePem(dir.resolve("small.pem"), TestKeys.generate("RSA", 1024).getPrivate());

        MessagingException e = initFailure(() -> params.put("rsa-key", small.toString()));

        assertTrue(e.getMessage().contains("'rsa-key'") && e.getMessage().contains("1024"), e.getMessage());
    }

    @Test
    void initShouldFailNamingRsaKeyWhenFileIsPkcs1Pem() throws Exception {
        Path pkcs1 = Files.writeString(dir.resolve("pkcs1.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");

        MessagingException e = initFailure(() -> params.put("rsa-key", pkcs1.toString()));

        assertTrue(e.getMessage().contains("'rsa-key'") && e.getMessage().contains("openssl pkcs8"), e.getMessage());
    }

    @Test
    void initShouldFailNamingEd25519KeyWhenEd25519KeyMissing() {
        assertInitFailsNaming("ed25519-key", () -> params.remove("ed25519-key"));
    }

    @Test
    void initShouldFailNamingEd25519KeyWhenFileHoldsRsaKey() {
        assertInitFailsNaming("ed25519-key", () -> params.put("ed25519-key", params.get("rsa-key")));
    }

    @Test
    void initShouldFailNamingParameterWhenParameterUnknown() {
        assertInitFailsNaming("selector", () -> params.put("selector", "mailgate"));
    }

    private void assertUnchanged(String message) throws Exception {
        Mail mail = mail(message);
        byte[] before = bytes(mail);

        initialized().service(mail);

        assertArrayEquals(before, bytes(mail));
    }

    private void assertInitFailsNaming(String param, Runnable change) {
        MessagingException e = initFailure(change);

        assertTrue(e.getMessage().contains("'" + param + "'") || e.getMessage().contains(param), e.getMessage());
    }

    private MessagingException initFailure(Runnable change) {
        change.run();
        return assertThrows(MessagingException.class, this::initialized);
    }

    private SignDkim initialized() throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("stage:dkim-sign");
        params.forEach(config::setProperty);
        SignDkim stage = new SignDkim(Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC));
        stage.init(config.build());
        return stage;
    }

    /** A mail as the gateway hands it over: a MimeMessage parsed from the bytes that came in. */
    static Mail mail(String raw) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        return FakeMail.builder()
                .name("mail-1")
                .mimeMessage(message)
                .sender("sender@example.com")
                .recipient("rcpt@example.org")
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
