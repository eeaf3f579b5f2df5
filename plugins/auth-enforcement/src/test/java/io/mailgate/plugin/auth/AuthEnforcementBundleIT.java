package io.mailgate.plugin.auth;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
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
import io.mailgate.api.SmtpCheck;
import io.mailgate.api.StageVerdicts;
import io.mailgate.api.Verdict;
import io.mailgate.testkit.PluginContainer;

/**
 * The built bundle in a real Felix with Declarative Services, the way the gateway loads it. Without
 * a SendingDomains service the SmtpCheck is there and defers, and the stage is not (the gateway
 * holds the mail); once the test registers one, the prototype-scoped Mailet
 * ({@code mailgate.stage=auth-enforcement}) comes up and decides, and it leaves again with it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuthEnforcementBundleIT {

    private static final String STAGE = "(mailgate.stage=auth-enforcement)";
    private static final SmtpCheck.Session SESSION = new SmtpCheck.Session(TestMails.TENANT, "192.0.2.10", "app1");

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return PluginContainer.options();
    }

    @Test
    public void bundleShouldResolveAndStartBesideTheGatewaysPackages() {
        assertEquals("bundle state (32 = ACTIVE)", Bundle.ACTIVE, bundle().getState());
    }

    @Test
    public void checkShouldDeferAndStageShouldBeAbsentWhileSendingDomainsIsAway() throws Exception {
        ServiceTracker<SmtpCheck, SmtpCheck> checks = tracked(SmtpCheck.class);
        try {
            Verdict verdict = checks.getService().onMailFrom(SESSION, new MailAddress("news@acme.example"));

            assertEquals(Verdict.Kind.DEFER, verdict.kind());
        } finally {
            checks.close();
        }
        assertEquals(ComponentConfigurationDTO.UNSATISFIED_REFERENCE, stateOf("io.mailgate.plugin.auth.EnforceSenderAuth"));
        assertNull(context.getServiceReferences(Mailet.class, STAGE).stream().findAny().orElse(null));
    }

    @Test
    public void servicesShouldBePublishedAndDecideOnceSendingDomainsIsRegistered() throws Exception {
        ServiceRegistration<SendingDomains> registration = registerSendingDomains();
        ServiceTracker<SmtpCheck, SmtpCheck> checks = tracked(SmtpCheck.class);
        ServiceTracker<Mailet, Mailet> stages = tracked(Mailet.class);
        try {
            // Held through the tracker, as the gateway holds it: a delayed component with no user is deactivated.
            SmtpCheck check = checks.getService();
            assertEquals(Verdict.accept(), check.onMailFrom(SESSION, new MailAddress("news@acme.example")));
            assertEquals(Verdict.Kind.REJECT, check.onMailFrom(SESSION, new MailAddress("news@example.org")).kind());

            ServiceReference<Mailet> reference = stages.getServiceReference();
            assertEquals(Constants.SCOPE_PROTOTYPE, reference.getProperty(Constants.SERVICE_SCOPE));
            assertEquals("io.mailgate.plugin.auth", reference.getBundle().getSymbolicName());
            ServiceObjects<Mailet> objects = context.getServiceObjects(reference);
            Mailet stage = objects.getService();
            Mailet another = objects.getService();
            try {
                assertNotSame(stage, another);
                stage.init(FakeMailetConfig.builder().mailetName("stage:auth-enforcement").build());
                Mail mail = TestMails.mail("bounce@acme.example", TestMails.message("news@example.org"), "alice@example.org");

                stage.service(mail);

                List<StageVerdicts.Decision> decisions = StageVerdicts.take(mail);
                assertEquals(1, decisions.size());
                assertEquals("AUTH-2", decisions.get(0).verdict().policyId());
            } finally {
                objects.ungetService(stage);
                objects.ungetService(another);
            }
        } finally {
            stages.close();
            checks.close();
            registration.unregister();
        }
        // Fail closed: without SendingDomains the stage leaves, so the gateway holds the mail.
        assertTrue(context.getServiceReferences(Mailet.class, STAGE).isEmpty());
    }

    private ServiceRegistration<SendingDomains> registerSendingDomains() {
        FakeSendingDomains domains = new FakeSendingDomains().verified(TestMails.TENANT, "acme.example");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("test", "auth-enforcement");
        return context.registerService(SendingDomains.class, domains, properties);
    }

    /** An open tracker holding the stage's service of that type; SCR registers it asynchronously to the bundle start. */
    private <T> ServiceTracker<T, T> tracked(Class<T> type) throws Exception {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(" + Constants.OBJECTCLASS + "=" + type.getName() + ")" + STAGE + ")"), null);
        tracker.open();
        assertNotNull("no " + type.getSimpleName() + " with mailgate.stage=auth-enforcement within 10 s",
                tracker.waitForService(10_000));
        return tracker;
    }

    /** The component's state; by name, since the plugin's classes are private to its bundle. */
    private int stateOf(String component) throws Exception {
        ServiceComponentRuntime scr = waitForScr();
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(bundle(), component);
        assertNotNull("no component " + component, description);
        return scr.getComponentConfigurationDTOs(description).stream()
                .map(configuration -> configuration.state)
                .findFirst()
                .orElse(-1);
    }

    private ServiceComponentRuntime waitForScr() throws Exception {
        ServiceTracker<ServiceComponentRuntime, ServiceComponentRuntime> tracker =
                new ServiceTracker<>(context, ServiceComponentRuntime.class, null);
        tracker.open();
        try {
            return tracker.waitForService(10_000);
        } finally {
            tracker.close();
        }
    }

    private Bundle bundle() {
        return Arrays.stream(context.getBundles())
                .filter(b -> "io.mailgate.plugin.auth".equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the auth-enforcement bundle is not installed"));
    }
}
