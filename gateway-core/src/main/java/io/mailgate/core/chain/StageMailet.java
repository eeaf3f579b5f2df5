package io.mailgate.core.chain;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.apache.mailet.MailetConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.core.metrics.GatewayMetrics;

/**
 * The host side of a plugin stage: stands in the chain where {@code class="stage:<name>"} is
 * written, and hands each mail to an instance of the plugin's mailet. When the plugin's bundle
 * stops or is replaced, the next mail binds a fresh instance of whatever is offered then; while
 * nothing is offered, the mail is held in the queue ({@link StageHold}), never passed on.
 */
final class StageMailet implements Mailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(StageMailet.class);

    private final String stage;
    private final StageRegistry registry;
    private final StageHold hold;
    private final VerdictApplier verdicts;
    private final GatewayMetrics metrics;
    private MailetConfig config;
    private Optional<StageRegistry.Bound> bound = Optional.empty();

    StageMailet(String stage, StageRegistry registry, StageHold hold, VerdictApplier verdicts, GatewayMetrics metrics) {
        this.stage = stage;
        this.registry = registry;
        this.hold = hold;
        this.verdicts = verdicts;
        this.metrics = metrics;
    }

    @Override
    public void init(MailetConfig config) throws MessagingException {
        this.config = config;
        registry.require(stage);
        // Bind now when the plugin is there, so that a bad configuration stops the start.
        current();
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (Release.skips(mail, stage)) {
            return; // released from a quarantine: this stage already passed it, or is the one that held it
        }
        Optional<Mailet> mailet = current();
        if (mailet.isEmpty()) {
            hold.hold(mail, "stage '" + stage + "' is not available");
            return;
        }
        PassedStages.enter(mail, stage); // before: copies the stage makes have passed it too
        long start = System.nanoTime();
        try {
            mailet.get().service(mail);
        } finally {
            metrics.stageTime(stage, "chain", System.nanoTime() - start);
        }
        verdicts.apply(stage, mail);
    }

    /** The instance to use: the bound one while its service is still offered, else a new one. */
    private synchronized Optional<Mailet> current() throws MessagingException {
        if (bound.isPresent() && registry.isCurrent(stage, bound.get())) {
            return bound.map(StageRegistry.Bound::mailet);
        }
        release();
        bound = registry.bind(stage);
        if (bound.isPresent()) {
            try {
                bound.get().mailet().init(config);
                LOGGER.info("stage {} bound to bundle {}", stage, bound.get().reference().getBundle().getSymbolicName());
            } catch (MessagingException | RuntimeException e) {
                release();
                throw e;
            }
        }
        return bound.map(StageRegistry.Bound::mailet);
    }

    private void release() {
        bound.ifPresent(b -> {
            try {
                b.mailet().destroy();
            } catch (RuntimeException e) {
                LOGGER.warn("stage {} failed to stop cleanly", stage, e);
            }
            b.release();
        });
        bound = Optional.empty();
    }

    @Override
    public synchronized void destroy() {
        release();
    }

    @Override
    public MailetConfig getMailetConfig() {
        return config;
    }

    @Override
    public String getMailetInfo() {
        return "Mailgate stage " + stage;
    }
}
