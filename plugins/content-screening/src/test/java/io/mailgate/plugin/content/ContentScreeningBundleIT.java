package io.mailgate.plugin.content;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Properties;

import javax.inject.Inject;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

import io.mailgate.api.ContentRuleStore;
import io.mailgate.api.ContentRules;
import io.mailgate.api.SmtpCheck;
import io.mailgate.api.StageVerdicts;
import io.mailgate.api.Verdict;
import io.mailgate.testkit.PluginContainer;

/**
 * The built bundle in a real Felix with Declarative Services, its Lucene, jsoup and dnsjava embedded:
 * the end-of-DATA check comes up at once and defers mail until the stage has read the rules; the
 * stage and the rule service come up only with the gateway's rule store, and go with it. With the
 * default rules of conf/, the check refuses a CON-1 message in English and in Russian, the stage
 * holds a CON-2 one, and a rule added through the rule service applies to the next message.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContentScreeningBundleIT {

    private static final Path DEFAULT_RULES = Path.of("../../conf/content-rules.json").toAbsolutePath().normalize();
    private static final SmtpCheck.Session SESSION = new SmtpCheck.Session("t1", "192.0.2.1", "client.test");

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return PluginContainer.options();
    }

    @Test
    public void checkStageAndRulesShouldWorkInFelixWithTheGatewaysRuleStore() throws Exception {
        assertTrue("the default rules are read from " + DEFAULT_RULES, Files.isRegularFile(DEFAULT_RULES));
        ServiceTracker<Mailet, Mailet> stages = tracker(Mailet.class, "(mailgate.stage=content-screening)");
        ServiceTracker<SmtpCheck, SmtpCheck> checks = tracker(SmtpCheck.class, "(mailgate.stage=content-screening)");
        ServiceTracker<ContentRules, ContentRules> rules = tracker(ContentRules.class, null);
        try {
            SmtpCheck check = checks.waitForService(10_000);
            assertNotNull("the end-of-DATA check within 10 s", check);
            assertEquals("no rules read yet: deferred", Verdict.Kind.DEFER, onMessage(check, "Hello.").kind());
            assertNull("no stage before the gateway's rule store", stages.waitForService(1_000));
            assertNull("no rule service before the gateway's rule store", rules.getService());

            ServiceRegistration<ContentRuleStore> store =
                    context.registerService(ContentRuleStore.class, new MemoryRuleStore(), new Hashtable<>());
            try {
                assertNotNull("the stage within 10 s", stages.waitForService(10_000));
                assertNotNull("the rule service within 10 s", rules.waitForService(10_000));
                ServiceReference<Mailet> reference = stages.getServiceReference();
                ServiceObjects<Mailet> objects = context.getServiceObjects(reference);
                Mailet stage = objects.getService();
                try {
                    stage.init(FakeMailetConfig.builder().mailetName("stage:content-screening")
                            .setProperty("rules", DEFAULT_RULES.toString()).build());
                    screenWithTheDefaultRules(check, stage);
                    ruleAddedThroughTheServiceShouldApplyToTheNextMessage(check, rules.getService());
                } finally {
                    stage.destroy();
                    objects.ungetService(stage);
                }
            } finally {
                store.unregister();
            }
            assertNull("the stage goes with the rule store", stages.getService());
            assertNull("the rule service goes with the rule store", rules.getService());
        } finally {
            stages.close();
            checks.close();
            rules.close();
        }
    }

    private void screenWithTheDefaultRules(SmtpCheck check, Mailet stage) throws Exception {
        Verdict english = onMessage(check, "Start working from home today and earn big.");
        assertEquals(Verdict.Kind.REJECT, english.kind());
        assertEquals("CON-1", english.policyId());
        assertTrue(english.reason(), english.reason().contains("category get-rich-quick")
                && english.reason().contains("rule con1-get-rich-quick-en"));
        Verdict russian = onMessage(check, "Работа на дому: зарабатывайте, не выходя из дома.");
        assertEquals(russian.reason(), Verdict.Kind.REJECT, russian.kind());
        assertTrue(russian.reason(), russian.reason().contains("con1-get-rich-quick-ru"));
        assertEquals(Verdict.Kind.ACCEPT, onMessage(check, "The minutes of Tuesday's meeting are attached.").kind());

        Mail casino = FakeMail.builder().name("casino").mimeMessage(message("Play at our online casino tonight.")).build();
        stage.service(casino);
        List<StageVerdicts.Decision> decisions = StageVerdicts.take(casino);
        assertEquals(decisions.toString(), 1, decisions.size());
        assertEquals(Verdict.Kind.QUARANTINE, decisions.get(0).verdict().kind());
        assertEquals("CON-2", decisions.get(0).verdict().policyId());
    }

    private void ruleAddedThroughTheServiceShouldApplyToTheNextMessage(SmtpCheck check, ContentRules rules) throws Exception {
        String text = "Our zebra crossing offer ends soon.";
        assertEquals(Verdict.Kind.ACCEPT, onMessage(check, text).kind());
        rules.put(new ContentRules.Rule("zebra-en", "get-rich-quick", List.of("en"), "\"zebra crossing\"", null, null, null,
                "added in the bundle test"), "admin");
        Verdict verdict = onMessage(check, text);
        assertEquals(Verdict.Kind.REJECT, verdict.kind());
        assertTrue(verdict.reason(), verdict.reason().contains("rule zebra-en"));
        ContentRules.Finding finding = rules.test(message(text), "t1").findings().stream()
                .filter(found -> found.rule().equals("zebra-en") && found.field().equals("body")).findFirst()
                .orElseThrow(() -> new AssertionError("the rule tester names the new rule"));
        assertEquals("zebra crossing", finding.text());
        assertEquals(text.indexOf("zebra"), finding.start());
    }

    private static Verdict onMessage(SmtpCheck check, String body) throws Exception {
        return check.onMessage(SESSION, null, List.of(), message(body));
    }

    private static MimeMessage message(String body) throws Exception {
        String raw = "From: a@tenant.test\r\nTo: b@example.com\r\nSubject: News\r\nMessage-ID: <" + body.hashCode()
                + "@tenant.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n";
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    private <S> ServiceTracker<S, S> tracker(Class<S> type, String filter) throws Exception {
        String objectClass = "(objectClass=" + type.getName() + ")";
        ServiceTracker<S, S> tracker = new ServiceTracker<>(context,
                context.createFilter(filter == null ? objectClass : "(&" + objectClass + filter + ")"), null);
        tracker.open();
        return tracker;
    }
}
