package io.mailgate.plugin.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.mail.MessagingException;
import javax.mail.internet.MimeUtility;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

/** The example stage on its own: James's fake config and mail, no OSGi. */
class AddHeaderStageTest {

    private static final String HEADER = "X-Mailgate-Example";

    @Test
    void serviceShouldAddHeaderWhenNameAndValueConfigured() throws Exception {
        AddHeaderStage stage = initialized(HEADER, "passed");
        Mail mail = TestMails.plain();

        stage.service(mail);

        assertArrayEquals(new String[] {"passed"}, mail.getMessage().getHeader(HEADER));
    }

    @Test
    void serviceShouldKeepExistingHeaderWhenHeaderAlreadyPresent() throws Exception {
        AddHeaderStage stage = initialized(HEADER, "passed");
        Mail mail = TestMails.plain();
        mail.getMessage().addHeader(HEADER, "earlier");

        stage.service(mail);

        assertArrayEquals(new String[] {"earlier", "passed"}, mail.getMessage().getHeader(HEADER));
    }

    @Test
    void serviceShouldKeepBodyWhenHeaderAdded() throws Exception {
        AddHeaderStage stage = initialized(HEADER, "passed");
        Mail mail = TestMails.plain();

        stage.service(mail);

        assertEquals("Hello.\r\n", mail.getMessage().getContent());
    }

    @Test
    void serviceShouldEncodeValueWhenValueNotAscii() throws Exception {
        AddHeaderStage stage = initialized(HEADER, "проверено");
        Mail mail = TestMails.plain();

        stage.service(mail);

        String raw = mail.getMessage().getHeader(HEADER)[0];
        assertTrue(raw.startsWith("=?UTF-8?"), raw);
        assertEquals("проверено", MimeUtility.decodeText(raw));
    }

    @Test
    void initShouldFailNamingNameWhenNameMissing() {
        MessagingException e = assertThrows(MessagingException.class, () -> initialized(null, "passed"));

        assertTrue(e.getMessage().contains("'name'"), e.getMessage());
    }

    @Test
    void initShouldFailNamingNameWhenNameEmpty() {
        MessagingException e = assertThrows(MessagingException.class, () -> initialized("", "passed"));

        assertTrue(e.getMessage().contains("'name'"), e.getMessage());
    }

    @Test
    void initShouldFailNamingNameWhenNameHasColon() {
        MessagingException e = assertThrows(MessagingException.class, () -> initialized("X-Bad:Name", "passed"));

        assertTrue(e.getMessage().contains("'name'"), e.getMessage());
    }

    @Test
    void initShouldFailNamingNameWhenNameHasSpace() {
        MessagingException e = assertThrows(MessagingException.class, () -> initialized("X Bad", "passed"));

        assertTrue(e.getMessage().contains("'name'"), e.getMessage());
    }

    @Test
    void initShouldFailNamingValueWhenValueMissing() {
        MessagingException e = assertThrows(MessagingException.class, () -> initialized(HEADER, null));

        assertTrue(e.getMessage().contains("'value'"), e.getMessage());
    }

    @Test
    void initShouldFailNamingValueWhenValueHasLineBreak() {
        MessagingException e = assertThrows(MessagingException.class,
                () -> initialized(HEADER, "passed\r\nBcc: victim@example.org"));

        assertTrue(e.getMessage().contains("'value'"), e.getMessage());
    }

    @Test
    void initShouldFailNamingParameterWhenParameterUnknown() {
        FakeMailetConfig config = FakeMailetConfig.builder()
                .mailetName("stage:example")
                .setProperty("name", HEADER)
                .setProperty("value", "passed")
                .setProperty("vaule", "typo")
                .build();

        MessagingException e = assertThrows(MessagingException.class, () -> new AddHeaderStage().init(config));

        assertTrue(e.getMessage().contains("vaule"), e.getMessage());
    }

    private static AddHeaderStage initialized(String name, String value) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("stage:example");
        if (name != null) {
            config.setProperty("name", name);
        }
        if (value != null) {
            config.setProperty("value", value);
        }
        AddHeaderStage stage = new AddHeaderStage();
        stage.init(config.build());
        return stage;
    }
}
