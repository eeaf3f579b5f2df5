package io.mailgate.plugin.footer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mailet;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

import io.mailgate.api.FooterTemplates;
import io.mailgate.api.SmtpCheck;
import io.mailgate.api.TenantProfiles;
import io.mailgate.api.UnsubscribeLinks;
import io.mailgate.api.Verdict;
import io.mailgate.testkit.PluginContainer;

/**
 * The built bundle in a real Felix with Declarative Services: without the gateway's services it
 * offers nothing (the gateway then holds mail rather than skip the stage); with TenantProfiles,
 * FooterTemplates and UnsubscribeLinks its stage and its end-of-DATA check come up, and the check
 * refuses list mail of a tenant without a profile (REQ-4).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FooterUnsubscribeBundleIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return PluginContainer.options();
    }

    @Test
    public void stageAndCheckShouldComeUpOnlyWithTheGatewayServices() throws Exception {
        ServiceTracker<Mailet, Mailet> stages = new ServiceTracker<>(context, context.createFilter(
                "(&(objectClass=" + Mailet.class.getName() + ")(mailgate.stage=footer-unsubscribe))"), null);
        ServiceTracker<SmtpCheck, SmtpCheck> checks = new ServiceTracker<>(context, context.createFilter(
                "(&(objectClass=" + SmtpCheck.class.getName() + ")(mailgate.stage=footer-unsubscribe))"), null);
        stages.open();
        checks.open();
        try {
            assertNull("no stage before the gateway's services", stages.waitForService(1_000));
            List<ServiceRegistration<?>> services = List.of(
                    context.registerService(TenantProfiles.class, tenantId -> Optional.empty(), new Hashtable<>()),
                    context.registerService(FooterTemplates.class, (tenantId, resource, language) -> Optional.empty(),
                            new Hashtable<>()),
                    context.registerService(UnsubscribeLinks.class, (tenantId, resource, recipient, mailing) ->
                            new UnsubscribeLinks.Links("https://u.test/u/x", "mailto:unsubscribe@b.test?subject=unsubscribe%20x"), new Hashtable<>()));
            try {
                assertNotNull("the stage within 10 s", stages.waitForService(10_000));
                SmtpCheck check = checks.waitForService(10_000);
                assertNotNull("the end-of-DATA check within 10 s", check);
                MimeMessage list = new MimeMessage(Session.getInstance(new java.util.Properties()), new ByteArrayInputStream(
                        "X-Mailgate-Resource: news\r\nSubject: x\r\n\r\nHi\r\n".getBytes(StandardCharsets.US_ASCII)));
                Verdict verdict = check.onMessage(new SmtpCheck.Session("t1", "192.0.2.1", ""), null, List.of(), list);
                assertEquals(Verdict.Kind.REJECT, verdict.kind());
                assertEquals("REQ-4", verdict.policyId());
            } finally {
                services.forEach(ServiceRegistration::unregister);
            }
            assertNull("the stage goes with the services", stages.getService());
        } finally {
            stages.close();
            checks.close();
        }
    }
}
