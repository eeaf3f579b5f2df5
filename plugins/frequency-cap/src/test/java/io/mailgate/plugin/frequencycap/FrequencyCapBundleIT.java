package io.mailgate.plugin.frequencycap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.util.Hashtable;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.mailet.Mailet;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

import io.mailgate.api.SendingPolicies;
import io.mailgate.testkit.PluginContainer;

/**
 * The built bundle in a real Felix with Declarative Services: without the gateway's
 * SendingPolicies service it offers no stage (so the gateway holds mail rather than skip the
 * caps); once the service is there, the stage comes up as a prototype, a new instance per place in
 * the chain, and goes again with the service.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FrequencyCapBundleIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return PluginContainer.options();
    }

    @Test
    public void stageShouldComeUpOnlyWithTheSendingPoliciesService() throws Exception {
        ServiceTracker<Mailet, Mailet> stages = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + Mailet.class.getName() + ")(mailgate.stage=frequency-cap))"), null);
        stages.open();
        try {
            assertNull("no stage before the gateway's SendingPolicies service", stages.waitForService(1_000));
            ServiceRegistration<SendingPolicies> service = context.registerService(SendingPolicies.class, new SendingPolicies() {
                @Override
                public Optional<Policy> find(String tenantId, Scope scope, String target) {
                    return Optional.empty();
                }

                @Override
                public Set<Kind> countedKinds(String tenantId) {
                    return Set.of();
                }

                @Override
                public int sent(CountKey key, int days) {
                    return 0;
                }

                @Override
                public void count(CountKey key) {
                }
            }, new Hashtable<>());
            try {
                assertNotNull("the stage within 10 s", stages.waitForService(10_000));
                ServiceReference<Mailet> reference = stages.getServiceReference();
                var objects = context.getServiceObjects(reference);
                Mailet first = objects.getService();
                Mailet second = objects.getService();
                assertEquals("Mailgate frequency cap stage (CAP-1..CAP-4)", first.getMailetInfo());
                assertEquals("a new instance per place in the chain", false, first == second);
                objects.ungetService(first);
                objects.ungetService(second);
            } finally {
                service.unregister();
            }
            assertNull("the stage goes with the service", stages.getService());
        } finally {
            stages.close();
        }
    }
}
