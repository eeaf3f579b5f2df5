package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import io.mailgate.core.store.JournalStore;

/**
 * Issue 8 through a running gateway with the real content-screening bundle and the default rule
 * set of conf/: English and Russian messages of every CON-1 category are refused at the end of
 * DATA with 550 5.7.1 naming the category and the rule; a CON-2 message (and a fake reply, CON-4)
 * is quarantined, listed and read over REST, released by an admin and delivered after the stages
 * that follow content-screening (or deleted); a rule in observe mode delivers.
 */
class ContentScreeningTest extends SystemTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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
        String metrics = AdminApi.call(fixture, "GET", "/metrics", null, null).body();
        assertTrue(metrics.contains("mailgate_verdicts_total{stage=\"content-screening\",verdict=\"reject\",policy=\"CON-1\"} "
                + PROHIBITED.size() + "\n"), metrics);
    }

    @Test
    void highRiskTopicShouldBeQuarantinedThenReleasedByAnAdminAndDelivered() throws Exception {
        String tenantId = start(Map.of());
        try (SmtpClient smtp = authenticated()) {
            assertEquals(250, send(smtp, "Tonight", "Лучшее казино с бонусами.").code());
            assertEquals(250, send(smtp, "Re: lottery", "Thanks for your note.").code());
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

        JsonNode items = awaitQuarantined(2);
        String metrics = AdminApi.call(fixture, "GET", "/metrics", null, null).body();
        assertTrue(metrics.contains("mailgate_verdicts_total{stage=\"content-screening\",verdict=\"quarantine\",policy=\"CON-2\"} 1\n")
                && metrics.contains("mailgate_verdicts_total{stage=\"content-screening\",verdict=\"quarantine\",policy=\"CON-4\"} 1\n")
                && metrics.contains("\nmailgate_quarantine_size 2.0\n"), metrics);
        // each of the three messages went through the check at DATA and the stage in the chain once
        assertTrue(metrics.contains("mailgate_stage_duration_seconds_count{stage=\"content-screening\",step=\"data\"} 3\n")
                && metrics.contains("mailgate_stage_duration_seconds_count{stage=\"content-screening\",step=\"chain\"} 3\n"),
                metrics);
        JsonNode casino = find(items, "Tonight");
        JsonNode fakeReply = find(items, "Re: lottery");
        assertEquals(tenantId, casino.get("tenant").asText());
        assertEquals("content-screening", casino.get("stage").asText());
        assertTrue(casino.get("reason").asText().contains("category gambling"), casino.toString());
        assertTrue(fakeReply.get("reason").asText().contains("(CON-4)"), fakeReply.toString());
        HttpResponse<String> raw = AdminApi.call(fixture, "GET", "/api/v1/quarantine/" + casino.get("id").asText() + "/message", null, null);
        assertEquals(200, raw.statusCode());
        assertTrue(raw.body().contains("Subject: Tonight"), raw.body());

        assertEquals(204, AdminApi.call(fixture, "POST", "/api/v1/quarantine/" + casino.get("id").asText() + "/release", null, null)
                .statusCode());
        SmtpSink.Received released = sink.awaitMessages(1, Duration.ofSeconds(30), m -> m.header("Subject").equals("Tonight")).get(0);
        assertEquals("passed", released.header("X-Mailgate-Example"), "the stages after content-screening ran");
        assertEquals(204, AdminApi.call(fixture, "DELETE", "/api/v1/quarantine/" + fakeReply.get("id").asText(), null, null)
                .statusCode());
        assertEquals(0, JSON.readTree(AdminApi.call(fixture, "GET", "/api/v1/quarantine", null, null).body()).get("items").size());
        assertTrue(AdminApi.call(fixture, "GET", "/metrics", null, null).body().contains("\nmailgate_quarantine_size 0.0\n"));
        assertEquals(404, AdminApi.call(fixture, "POST", "/api/v1/quarantine/" + casino.get("id").asText() + "/release", null, null)
                .statusCode());
        Await.queueEmpty(fixture);
        assertEquals(1, sink.received().stream().filter(m -> m.header("Subject").equals("Tonight")).count(), "delivered once");
        assertTrue(sink.received().stream().noneMatch(m -> m.header("Subject").equals("Re: lottery")));
    }

    /**
     * A message is screened once: the stage takes the end-of-DATA screening of the very same
     * message (ContentScreening logs which of the two it did, at DEBUG).
     */
    @Test
    void stageShouldTakeTheEndOfDataScreeningOfTheSameMessage() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("io.mailgate.plugin.content.ContentScreening");
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(events);
        try {
            start(Map.of());
            try (SmtpClient smtp = authenticated()) {
                assertEquals(250, send(smtp, "Tonight", "Play at our online casino tonight.").code());
                assertEquals(250, send(smtp, "Minutes", "Hi all, the minutes are attached.").code());
            }
            sink.awaitMessages(1, Duration.ofSeconds(30), m -> m.header("Subject").equals("Minutes"));
            awaitQuarantined(1);
            List<String> messages = events.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertEquals(2, messages.stream().filter(m -> m.contains("the stage takes that screening")).count(), messages.toString());
            assertEquals(0, messages.stream().filter(m -> m.contains("is screened in the chain")).count(), messages.toString());
        } finally {
            logger.detachAppender(events);
            logger.setLevel(level);
        }
    }

    private JsonNode awaitQuarantined(int count) throws Exception {
        Await.until(Await.TIMEOUT, () -> quarantined().size() >= count);
        JsonNode items = quarantined();
        assertTrue(items.size() >= count, "the quarantine holds " + items);
        return items;
    }

    private JsonNode quarantined() throws Exception {
        HttpResponse<String> list = AdminApi.call(fixture, "GET", "/api/v1/quarantine", null, null);
        assertEquals(200, list.statusCode(), list.body());
        return JSON.readTree(list.body()).get("items");
    }

    private static JsonNode find(JsonNode items, String subject) {
        for (JsonNode item : items) {
            if (item.get("subject").asText().equals(subject)) {
                return item;
            }
        }
        throw new AssertionError("no quarantined message with subject " + subject + ": " + items);
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

    @Test
    void chainWithoutTheStageShouldNotScreenAtDataEither() throws Exception {
        Path conf = Files.createDirectories(home.resolve("conf"));
        String chain = Files.readString(GatewayFixture.confDir().resolve("mailetcontainer.xml"));
        String withoutStage = chain.replaceAll("(?s)<mailet match=\"All\" class=\"stage:content-screening\">.*?</mailet>", "");
        assertTrue(!withoutStage.contains("stage:content-screening"), "the stage is out of the chain");
        Files.writeString(conf.resolve("mailetcontainer.xml"), withoutStage);
        start(Map.of(), conf);
        try (SmtpClient smtp = authenticated()) {
            // The bundle is installed and its SMTP check registered, but the admin took the stage out.
            SmtpClient.Reply reply = send(smtp, "Offer", "Cheap Viagra shipped overnight.");
            assertEquals(250, reply.code(), reply.text());
        }
        assertEquals(1, sink.awaitMessages(1, Duration.ofSeconds(30), m -> m.header("Subject").equals("Offer")).size());
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
