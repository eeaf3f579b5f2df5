package io.mailgate.plugin.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mailgate.api.ContentRules.Rule;
import io.mailgate.api.MailgateAttributes;
import io.mailgate.api.SmtpCheck;
import io.mailgate.api.StageVerdicts;
import io.mailgate.api.Verdict;

/**
 * The end-of-DATA check and the chain stage screen a message once: the stage takes the check's
 * screening of the same message, and screens again when the message, the rules or an approval changed.
 */
class ScreenOnceTest {

    private static final String CASINO = "From: a@tenant.test\r\nTo: b@example.com\r\nSubject: Tonight\r\n"
            + "Message-ID: <once@tenant.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlay at our online casino tonight.\r\n";

    private final MemoryRuleStore store = new MemoryRuleStore();
    private final ContentScreening screening = new ContentScreening();
    private ContentCheck check;
    private ScreenContent stage;

    @BeforeEach
    void setUp(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.json");
        Files.copy(Screen.DEFAULT_RULES, rules);
        check = new ContentCheck(screening);
        stage = new ScreenContent(screening, store);
        stage.init(FakeMailetConfig.builder().mailetName("stage:content-screening").setProperty("rules", rules.toString()).build());
    }

    private Verdict atData(String raw) {
        return check.onMessage(new SmtpCheck.Session("t1", "127.0.0.1", "client.test"), null, List.of(), Screen.message(raw));
    }

    private List<StageVerdicts.Decision> inChain(String raw) throws MessagingException {
        Mail mail = FakeMail.builder().name("mail-1").mimeMessage(Screen.message(raw)).recipient(new MailAddress("b@example.com"))
                .attribute(new Attribute(MailgateAttributes.TENANT_ID, AttributeValue.of("t1"))).build();
        stage.service(mail);
        return StageVerdicts.take(mail);
    }

    @Test
    void stageShouldTakeTheCheckScreeningOfTheSameMessage() throws Exception {
        assertEquals(Verdict.Kind.ACCEPT, atData(CASINO).kind(), "CON-2 is held by the stage, accepted at DATA");
        assertEquals(1, screening.screened());
        List<StageVerdicts.Decision> decisions = inChain(CASINO);
        assertEquals(1, screening.screened(), "the stage did not screen again");
        assertEquals(1, screening.reused());
        assertEquals(Verdict.Kind.QUARANTINE, decisions.get(0).verdict().kind());
        assertEquals("CON-2", decisions.get(0).verdict().policyId());
    }

    @Test
    void stageShouldScreenAChangedMessageAgain() throws Exception {
        atData(CASINO);
        inChain(CASINO.replace("Subject: Tonight", "Subject: Tonight!"));
        assertEquals(2, screening.screened());
        assertEquals(0, screening.reused());
    }

    @Test
    void stageShouldScreenAgainWhenTheRulesChanged() throws Exception {
        atData(CASINO);
        ContentRulesService rules = new ContentRulesService(screening, store);
        rules.put(new Rule("con2-gambling-en", "gambling", List.of("en"), "\"sports betting\"", null, null, null, ""), "admin");
        List<StageVerdicts.Decision> decisions = inChain(CASINO);
        assertEquals(2, screening.screened());
        assertEquals(List.of(), decisions, "the changed rule no longer holds the message");
    }

    @Test
    void stageShouldScreenAgainWhenTheTenantWasApprovedMeanwhile() throws Exception {
        atData(CASINO);
        store.approve("t1", "gambling", "admin");
        List<StageVerdicts.Decision> decisions = inChain(CASINO);
        assertEquals(2, screening.screened());
        assertEquals(List.of(), decisions, "approved for gambling: delivered");
    }

    @Test
    void refusedMessageShouldNotBeKept() throws Exception {
        String refused = CASINO.replace("Play at our online casino tonight.", "Start working from home today and earn big.");
        assertEquals(Verdict.Kind.REJECT, atData(refused).kind());
        inChain(refused);
        assertEquals(2, screening.screened(), "a refusal is not kept: the stage screens what it gets");
    }
}
