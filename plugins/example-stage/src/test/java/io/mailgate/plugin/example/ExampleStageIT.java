package io.mailgate.plugin.example;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;

import java.util.Collection;

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
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import io.mailgate.testkit.PluginContainer;

/**
 * The built plugin bundle in a real Felix with Declarative Services, the way the gateway loads it:
 * the host packages come from the system bundle, the stage comes out as a prototype-scoped
 * {@code Mailet} service with {@code mailgate.stage=example}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExampleStageIT {

    private static final String STAGE_FILTER =
            "(&(" + Constants.OBJECTCLASS + "=" + Mailet.class.getName() + ")(mailgate.stage=example))";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return PluginContainer.options();
    }

    @Test
    public void bundleShouldRegisterMailetServiceWhenStarted() throws Exception {
        ServiceReference<Mailet> reference = stageReference();

        assertEquals("example", reference.getProperty("mailgate.stage"));
        assertEquals("io.mailgate.plugin.example", reference.getBundle().getSymbolicName());
    }

    @Test
    public void serviceShouldBePrototypeScopedWhenRequestedTwice() throws Exception {
        ServiceReference<Mailet> reference = stageReference();
        ServiceObjects<Mailet> objects = context.getServiceObjects(reference);

        Mailet first = objects.getService();
        Mailet second = objects.getService();
        try {
            assertEquals(Constants.SCOPE_PROTOTYPE, reference.getProperty(Constants.SERVICE_SCOPE));
            assertNotSame(first, second);
        } finally {
            objects.ungetService(first);
            objects.ungetService(second);
        }
    }

    @Test
    public void stageShouldAddHeaderWhenInitializedAndServiced() throws Exception {
        ServiceObjects<Mailet> objects = context.getServiceObjects(stageReference());
        Mailet stage = objects.getService();
        try {
            stage.init(FakeMailetConfig.builder()
                    .mailetName("stage:example")
                    .setProperty("name", "X-Mailgate-Example")
                    .setProperty("value", "passed")
                    .build());
            Mail mail = TestMails.plain();

            stage.service(mail);

            assertArrayEquals(new String[] {"passed"}, mail.getMessage().getHeader("X-Mailgate-Example"));
            assertEquals("Hello.\r\n", mail.getMessage().getContent());
        } finally {
            stage.destroy();
            objects.ungetService(stage);
        }
    }

    /** Waits for SCR to register the stage: activation is asynchronous to the bundle start. */
    private ServiceReference<Mailet> stageReference() throws Exception {
        ServiceTracker<Mailet, Mailet> tracker = new ServiceTracker<>(context, context.createFilter(STAGE_FILTER), null);
        tracker.open();
        try {
            assertNotNull("no Mailet service with mailgate.stage=example within 10 s", tracker.waitForService(10_000));
            Collection<ServiceReference<Mailet>> references = context.getServiceReferences(Mailet.class, "(mailgate.stage=example)");
            assertEquals(1, references.size());
            return references.iterator().next();
        } finally {
            tracker.close();
        }
    }
}
