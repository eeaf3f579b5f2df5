package io.mailgate.plugin.dkimsign;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Hashtable;

import javax.inject.Inject;

import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

import io.mailgate.api.SendingDomains;
import io.mailgate.testkit.PluginContainer;

/**
 * The built plugin bundle in a real Felix with Declarative Services, the way the gateway loads it:
 * the host packages come from the system bundle; without a SendingDomains service the stage is not
 * registered (the gateway holds mail rather than send it unsigned); once the test registers one,
 * the stage comes out as a prototype-scoped {@code Mailet} service with
 * {@code mailgate.stage=dkim-sign} and signs with its keys, on the JDK alone (the bundle embeds
 * nothing).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DkimSignStageIT {

    private static final String STAGE_FILTER =
            "(&(" + Constants.OBJECTCLASS + "=" + Mailet.class.getName() + ")(mailgate.stage=dkim-sign))";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return PluginContainer.options();
    }

    @Test
    public void stageShouldWaitForSendingDomainsWhenStarted() throws Exception {
        assertEquals(Bundle.ACTIVE, bundle().getState());
        assertEquals(ComponentConfigurationDTO.UNSATISFIED_REFERENCE, stageState());
        assertTrue(context.getServiceReferences(Mailet.class, "(mailgate.stage=dkim-sign)").isEmpty());
    }

    @Test
    public void stageShouldBePublishedPrototypeScopedAndSignOnceSendingDomainsIsRegistered() throws Exception {
        ServiceRegistration<SendingDomains> registration =
                context.registerService(SendingDomains.class, InMemorySendingDomains.exampleCom(), new Hashtable<>());
        ServiceTracker<Mailet, Mailet> tracker = new ServiceTracker<>(context, context.createFilter(STAGE_FILTER), null);
        tracker.open();
        try {
            assertNotNull("no Mailet service with mailgate.stage=dkim-sign within 10 s", tracker.waitForService(10_000));
            ServiceReference<Mailet> reference = tracker.getServiceReference();
            assertEquals("io.mailgate.plugin.dkimsign", reference.getBundle().getSymbolicName());
            assertEquals(Constants.SCOPE_PROTOTYPE, reference.getProperty(Constants.SERVICE_SCOPE));
            ServiceObjects<Mailet> objects = context.getServiceObjects(reference);
            Mailet stage = objects.getService();
            Mailet another = objects.getService();
            try {
                assertNotSame(stage, another);
                stage.init(FakeMailetConfig.builder().mailetName("stage:dkim-sign").build());
                Mail mail = SignDkimTest.mail("From: sender@example.com\r\nTo: rcpt@example.org\r\nSubject: test\r\n"
                        + "Message-ID: <1@example.com>\r\n\r\nHello.\r\n");

                stage.service(mail);

                String[] signatures = mail.getMessage().getHeader("DKIM-Signature");
                assertEquals(2, signatures.length);
                assertTrue(signatures[0], signatures[0].startsWith("v=1; a=rsa-sha256;"));
                assertTrue(signatures[1], signatures[1].startsWith("v=1; a=ed25519-sha256;"));
                assertEquals("Hello.\r\n", mail.getMessage().getContent());
            } finally {
                stage.destroy();
                objects.ungetService(stage);
                objects.ungetService(another);
            }
        } finally {
            tracker.close();
            registration.unregister();
        }
        assertTrue(context.getServiceReferences(Mailet.class, "(mailgate.stage=dkim-sign)").isEmpty());
    }

    /** The stage component's state, by name: its class is private to the plugin bundle. */
    private int stageState() throws Exception {
        ServiceTracker<ServiceComponentRuntime, ServiceComponentRuntime> tracker =
                new ServiceTracker<>(context, ServiceComponentRuntime.class, null);
        tracker.open();
        try {
            ServiceComponentRuntime scr = tracker.waitForService(10_000);
            assertNotNull("no ServiceComponentRuntime within 10 s", scr);
            ComponentDescriptionDTO description = null;
            for (int i = 0; i < 100 && description == null; i++) {
                description = scr.getComponentDescriptionDTO(bundle(), "io.mailgate.plugin.dkimsign.SignDkim");
                if (description == null) {
                    Thread.sleep(100); // SCR reads the bundle's components asynchronously to its start
                }
            }
            assertNotNull("no component io.mailgate.plugin.dkimsign.SignDkim within 10 s", description);
            return scr.getComponentConfigurationDTOs(description).stream().mapToInt(c -> c.state).findFirst().orElse(-1);
        } finally {
            tracker.close();
        }
    }

    private Bundle bundle() {
        return Arrays.stream(context.getBundles())
                .filter(b -> "io.mailgate.plugin.dkimsign".equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the dkim-sign bundle is not installed"));
    }
}
