package io.mailgate.plugin.dkimsign;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
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
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import io.mailgate.testkit.PluginContainer;

/**
 * The built plugin bundle in a real Felix with Declarative Services, the way the gateway loads it:
 * the host packages come from the system bundle, the stage comes out as a prototype-scoped
 * {@code Mailet} service with {@code mailgate.stage=dkim-sign}, and it signs with the JDK alone
 * (the bundle embeds nothing).
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
    public void bundleShouldRegisterMailetServiceWhenStarted() throws Exception {
        ServiceReference<Mailet> reference = stageReference();

        assertEquals("dkim-sign", reference.getProperty("mailgate.stage"));
        assertEquals("io.mailgate.plugin.dkimsign", reference.getBundle().getSymbolicName());
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
    public void stageShouldAddBothSignaturesWhenInitializedAndServiced() throws Exception {
        Path dir = Files.createTempDirectory("dkim-sign-it");
        ServiceObjects<Mailet> objects = context.getServiceObjects(stageReference());
        Mailet stage = objects.getService();
        try {
            stage.init(FakeMailetConfig.builder()
                    .mailetName("stage:dkim-sign")
                    .setProperty("domain", "example.com")
                    .setProperty("rsa-selector", "mg-rsa")
                    .setProperty("rsa-key", TestKeys.writePem(dir.resolve("rsa.pem"), TestKeys.rsa().getPrivate()).toString())
                    .setProperty("ed25519-selector", "mg-ed")
                    .setProperty("ed25519-key", TestKeys.writePem(dir.resolve("ed.pem"), TestKeys.ed25519().getPrivate()).toString())
                    .build());
            Mail mail = mail();

            stage.service(mail);

            String[] signatures = mail.getMessage().getHeader("DKIM-Signature");
            assertEquals(2, signatures.length);
            assertTrue(signatures[0], signatures[0].startsWith("v=1; a=rsa-sha256;"));
            assertTrue(signatures[1], signatures[1].startsWith("v=1; a=ed25519-sha256;"));
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
            assertNotNull("no Mailet service with mailgate.stage=dkim-sign within 10 s", tracker.waitForService(10_000));
            Collection<ServiceReference<Mailet>> references = context.getServiceReferences(Mailet.class, "(mailgate.stage=dkim-sign)");
            assertEquals(1, references.size());
            return references.iterator().next();
        } finally {
            tracker.close();
        }
    }

    private static Mail mail() throws Exception {
        String raw = "From: sender@example.com\r\n"
                + "To: rcpt@example.org\r\n"
                + "Subject: test\r\n"
                + "Message-ID: <1@example.com>\r\n"
                + "\r\n"
                + "Hello.\r\n";
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
        return FakeMail.builder()
                .name("mail-1")
                .mimeMessage(message)
                .sender("sender@example.com")
                .recipient("rcpt@example.org")
                .build();
    }
}
