package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mailgate.core.store.JournalStore;

/**
 * Issue 8 through a running gateway with the real content-screening bundle and the default rule
 * set of conf/: English and Russian messages of every CON-1 category are refused at the end of
 * DATA with 550 5.7.1 naming the category and the rule; a CON-2 message is quarantined, not
 * delivered; a rule in observe mode delivers.
 */
class ContentScreeningTest extends SystemTest {

    /** Category, then a sentence of it: English and Russian for each CON-1 category. */
    private static final List<String[]> PROHIBITED = List.of(
            new String[] {"get-rich-quick", "Start working from home today and earn big."},
            new String[] {"get-rich-quick", "Заработайте без вложений уже сегодня!"},
            new String[] {"guaranteed-results", "Results guaranteed or it is free."},
            new String[] {"guaranteed-results", "Гарантированный результат за неделю."},
            new String[] {"prize-winnings", "Congratulations, you have won a new car!"},
            new String[] {"prize-winnings", "Поздравляем, вы выиграли автомобиль!"},
            new String[] {"hate-violence", "They call for ethnic cleansing of the region."},
            new String[] {"hate-violence", "Они призывают к этнической чистке."},
            new String[] {"weapons-drugs", "Where to buy pure cocaine online."},
            new String[] {"weapons-drugs", "Здесь можно купить чистый кокаин."},
            new String[] {"adult", "Meet hot singles in your area tonight."},
            new String[] {"adult", "Лучшие интим услуги города."},
            new String[] {"malware-phishing", "Please verify your account within 24 hours."},
            new String[] {"malware-phishing", "Ваш аккаунт заблокирован, подтвердите пароль."},
            new String[] {"pirate-software", "Download the cracked version of Photoshop."},
            new String[] {"pirate-software", "Скачайте взломанную версию программы."},
            new String[] {"tobacco-vaping", "The best vape juice at low prices."},
            new String[] {"tobacco-vaping", "Электронные сигареты со скидкой."},
            new String[] {"counterfeit-drugs", "Cheap Viagra shipped overnight."},
            new String[] {"counterfeit-drugs", "Антибиотики без рецепта с доставкой."},
            new String[] {"list-brokers", "Ten million email addresses for your campaign."},
            new String[] {"list-brokers", "Продам базу адресов для рассылки."});

    @Test
    void prohibitedTopicsInEnglishAndRussianShouldBeRefusedAtDataWithTheirCategory() throws Exception {
        start(Map.of());
        try (SmtpClient smtp = authenticated()) {
            for (String[] topic : PROHIBITED) {
                SmtpClient.Reply reply = send(smtp, "Offer", topic[1]);
                assertEquals(550, reply.code(), topic[1] + " -> " + reply.text());
                assertTrue(reply.text().contains("5.7.1"), reply.text());
                assertTrue(reply.text().contains("category " + topic[0]), reply.text());
                assertTrue(reply.text().contains("rule con1-"), reply.text());
                assertTrue(reply.text().contains("(CON-1)"), reply.text());
            }
            SmtpClient.Reply clean = send(smtp, "Minutes", "Hi all, the minutes are attached. Regards, Ann");
            assertEquals(250, clean.code(), clean.text());
        }
        sink.awaitMessages(1, Duration.ofSeconds(30));
        assertEquals(1, sink.received().size(), "only the clean message is delivered");
    }

    @Test
    void highRiskTopicShouldBeQuarantinedNotDelivered() throws Exception {
        String tenantId = start(Map.of());
        try (SmtpClient smtp = authenticated()) {
            assertEquals(250, send(smtp, "Tonight", "Лучшее казино с бонусами.").code());
            assertEquals(250, send(smtp, "Minutes", "Hi all, the minutes are attached.").code());
        }
        sink.awaitMessages(1, Duration.ofSeconds(30), m -> m.header("Subject").equals("Minutes"));
        fixture.gateway.journal().flush();
        List<JournalStore.StoredEntry> held = fixture.gateway.journal()
                .query(new JournalStore.Filter(tenantId, null, null), null, 100).entries().stream()
                .filter(e -> e.entry().policyId().equals("CON-2")).toList();
        assertEquals(1, held.size());
        assertEquals("QUARANTINE", held.get(0).entry().verdict().name());
        assertTrue(held.get(0).entry().reason().contains("category gambling"), held.get(0).entry().reason());
        assertTrue(sink.received().stream().noneMatch(m -> m.header("Subject").equals("Tonight")));
    }

    @Test
    void ruleInObserveModeShouldLogAndDeliver() throws Exception {
        Path rules = home.resolve("observe-rules.json");
        Files.writeString(rules, "[{\"id\":\"watch-casino\",\"category\":\"gambling\",\"languages\":[\"en\"],"
                + "\"query\":\"casino\",\"mode\":\"observe\"}]");
        start(Map.of("content.rules", rules.toString()));
        try (SmtpClient smtp = authenticated()) {
            assertEquals(250, send(smtp, "Tonight", "Play at our online casino tonight.").code());
        }
        assertEquals(1, sink.awaitMessages(1, Duration.ofSeconds(30), m -> m.header("Subject").equals("Tonight")).size());
    }

    /** One message in the session; the body is UTF-8 in base64, so that Russian passes the 8-bit-clean client. */
    static SmtpClient.Reply send(SmtpClient smtp, String subject, String body) throws Exception {
        assertEquals(250, smtp.command("MAIL FROM:<news@acme.test>").code());
        assertEquals(250, smtp.command("RCPT TO:<ann@example.org>").code());
        assertEquals(354, smtp.command("DATA").code());
        String encoded = Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
        SmtpClient.Reply reply = smtp.command("From: news@acme.test\r\nTo: ann@example.org\r\nSubject: " + subject
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + encoded + "\r\n.");
        if (reply.code() != 250) {
            smtp.command("RSET");
        }
        return reply;
    }
}
