package io.mailgate.plugin.footer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

import io.mailgate.api.FooterTemplates;
import io.mailgate.api.MailgateAttributes;
import io.mailgate.api.StageVerdicts;
import io.mailgate.api.TenantProfiles;
import io.mailgate.api.UnsubscribeLinks;
import io.mailgate.api.Verdict;

class AddFooterAndUnsubscribeTest {

    private static final TenantProfiles.Profile COMPLETE = new TenantProfiles.Profile("Acme Ltd", "1 High St", "Register",
            "42", "+1 555 0100", "hi@acme.test", "");
    private static final UnsubscribeLinks LINKS = (tenant, resource, recipient, mailing) -> new UnsubscribeLinks.Links(
            "https://u.test/u/" + recipient.replaceAll("[^a-z]", ""), "mailto:unsubscribe@b.test?subject=unsubscribe%20" + recipient.replaceAll("[^a-z]", ""));
    private static final FooterTemplates NO_TEMPLATES = (tenant, resource, language) -> Optional.empty();

    private final FakeMailContext context = FakeMailContext.defaultContext();

    private AddFooterAndUnsubscribe stage(TenantProfiles.Profile profile, String unchangeable) throws MessagingException {
        AddFooterAndUnsubscribe stage = new AddFooterAndUnsubscribe(tenant -> Optional.ofNullable(profile), NO_TEMPLATES, LINKS);
        stage.init(FakeMailetConfig.builder().mailetName("stage:footer-unsubscribe").mailetContext(context)
                .setProperty("processor", "outbound").setProperty("unchangeable", unchangeable).build());
        return stage;
    }

    private static Mail mail(String headers, String body, String... recipients) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new java.util.Properties()), new ByteArrayInputStream(
                ("From: news@acme.test\r\nSubject: x\r\n" + headers + "\r\n" + body).getBytes(StandardCharsets.UTF_8)));
        FakeMail.Builder builder = FakeMail.builder().name("m1").sender("news@acme.test").mimeMessage(message)
                .attribute(new Attribute(MailgateAttributes.TENANT_ID, AttributeValue.of("t1")));
        for (String recipient : recipients) {
            builder.recipient(recipient);
        }
        return builder.build();
    }

    @Test
    void serviceShouldGiveEachRecipientItsOwnCopyAndLink() throws Exception {
        Mail mail = mail("X-Mailgate-Resource: news\r\n", "Hello\r\n", "a@example.org", "b@example.org");
        stage(COMPLETE, "deliver").service(mail);
        assertEquals("outbound", mail.getState());
        assertEquals(List.of(new MailAddress("b@example.org")), List.copyOf(mail.getRecipients()));
        assertTrue(mail.getMessage().getHeader("List-Unsubscribe", null).contains("https://u.test/u/bexampleorg"));
        assertEquals(1, context.getSentMails().size());
        FakeMailContext.SentMail copy = context.getSentMails().get(0);
        assertEquals("outbound", copy.getState());
        assertEquals(List.of(new MailAddress("a@example.org")), List.copyOf(copy.getRecipients()));
        String text = new String(TextPartFooter.readAll(copy.getMsg().getInputStream()), StandardCharsets.UTF_8);
        assertTrue(text.contains("Unsubscribe: https://u.test/u/aexampleorg") && text.contains("Acme Ltd"), text);
        assertTrue(StageVerdicts.take(mail).isEmpty());
    }

    @Test
    void serviceShouldRefuseBulkMailWhenTheProfileIsIncomplete() throws Exception {
        Mail mail = mail("X-Mailgate-Mailing: october\r\n", "Hello\r\n", "a@example.org");
        stage(new TenantProfiles.Profile("Acme Ltd", "", "", "", "", "", ""), "deliver").service(mail);
        Verdict verdict = StageVerdicts.take(mail).get(0).verdict();
        assertEquals(Verdict.Kind.REJECT, verdict.kind());
        assertEquals("REQ-4", verdict.policyId());
        assertTrue(verdict.reason().endsWith("missing: address, registerName, registrationNumber, phone, contactEmail or contactUrl"),
                verdict.reason());
    }

    @Test
    void serviceShouldPassMailThatNamesNoListUnchanged() throws Exception {
        Mail mail = mail("", "Your receipt\r\n", "a@example.org", "b@example.org");
        stage(null, "deliver").service(mail);
        assertEquals("outbound", mail.getState());
        assertEquals(2, mail.getRecipients().size());
        assertNull(mail.getMessage().getHeader("List-Unsubscribe"));
    }

    @Test
    void serviceShouldJournalOrRefuseASignedMessageAsConfigured() throws Exception {
        String signed = "MIME-Version: 1.0\r\nX-Mailgate-Resource: news\r\nContent-Type: multipart/signed; boundary=s;"
                + " protocol=\"application/pgp-signature\"\r\n";
        String body = "--s\r\nContent-Type: text/plain\r\n\r\nSigned\r\n--s\r\nContent-Type: application/pgp-signature\r\n\r\nsig\r\n--s--\r\n";
        Mail delivered = mail(signed, body, "a@example.org");
        stage(COMPLETE, "deliver").service(delivered);
        Verdict note = StageVerdicts.take(delivered).get(0).verdict();
        assertEquals(Verdict.Kind.ACCEPT, note.kind());
        assertTrue(note.reason().startsWith("signed or encrypted message: delivered with the List-Unsubscribe headers only"), note.reason());
        assertNotEquals(null, delivered.getMessage().getHeader("List-Unsubscribe"));

        Mail refused = mail(signed, body, "a@example.org");
        stage(COMPLETE, "refuse").service(refused);
        assertEquals(Verdict.Kind.REJECT, StageVerdicts.take(refused).get(0).verdict().kind());
    }

    @Test
    void initShouldRefuseAMissingProcessorOrAnUnknownChoice() {
        AddFooterAndUnsubscribe stage = new AddFooterAndUnsubscribe(tenant -> Optional.empty(), NO_TEMPLATES, LINKS);
        assertThrows(MessagingException.class, () -> stage.init(FakeMailetConfig.builder().mailetName("stage:footer-unsubscribe").build()));
        assertThrows(MessagingException.class, () -> stage.init(FakeMailetConfig.builder().mailetName("stage:footer-unsubscribe")
                .setProperty("processor", "outbound").setProperty("messages", "some").build()));
    }
}
