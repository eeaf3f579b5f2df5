package io.mailgate.plugin.suppression;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.time.Instant;
import java.util.Hashtable;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
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

import io.mailgate.api.SmtpCheck;
import io.mailgate.api.Suppressions;
import io.mailgate.api.Verdict;
import io.mailgate.testkit.PluginContainer;

/**
 * The built bundle in a real Felix with Declarative Services: without the gateway's Suppressions
 * service it offers nothing (so the gateway holds mail rather than skip the stage); once the
 * service is there, its stage and its RCPT check come up and use it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SuppressionBundleIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return PluginContainer.options();
    }

    @Test
    public void stageAndCheckShouldComeUpOnlyWithTheSuppressionsService() throws Exception {
        ServiceTracker<Mailet, Mailet> stages = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + Mailet.class.getName() + ")(mailgate.stage=suppression))"), null);
        ServiceTracker<SmtpCheck, SmtpCheck> checks = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + SmtpCheck.class.getName() + ")(mailgate.stage=suppression))"), null);
        stages.open();
        checks.open();
        try {
            assertNull("no stage before the gateway's Suppressions service", stages.waitForService(1_000));
            ServiceRegistration<Suppressions> lists = context.registerService(Suppressions.class, new Suppressions() {
                @Override
                public Optional<Entry> find(String tenantId, String resource, String address) {
                    return address.equals("gone@example.org")
                            ? Optional.of(new Entry("", "", address, Reason.HARD_BOUNCE, "test", Instant.EPOCH, ""))
                            : Optional.empty();
                }

                @Override
                public void add(Entry entry) {
                }
            }, new Hashtable<>());
            try {
                assertNotNull("the stage within 10 s", stages.waitForService(10_000));
                SmtpCheck check = checks.waitForService(10_000);
                assertNotNull("the RCPT check within 10 s", check);
                Verdict verdict = check.onRecipient(new SmtpCheck.Session("t1", "192.0.2.1", ""), null,
                        new MailAddress("gone@example.org"));
                assertEquals("SUP-2", verdict.policyId());
            } finally {
                lists.unregister();
            }
            assertNull("the stage goes with the service", stages.getService());
        } finally {
            stages.close();
            checks.close();
        }
    }
}
