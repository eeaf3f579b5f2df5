package io.mailgate.core.smtp;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import io.mailgate.api.SmtpCheck;

/**
 * The {@link SmtpCheck}s plugins offer right now for the stages the chain names, highest service
 * ranking first. The check of a stage taken out of {@code mailetcontainer.xml} stays silent, as
 * the stage itself does: the chain is where an admin chooses the policy.
 */
public final class PluginSmtpChecks implements AutoCloseable {

    /** A check with the stage name it was registered under ({@code mailgate.stage}), for the journal. */
    public record NamedCheck(String stage, SmtpCheck check) {
    }

    private final ServiceTracker<SmtpCheck, SmtpCheck> tracker;
    private final Predicate<String> inChain;

    public PluginSmtpChecks(BundleContext context, Predicate<String> inChain) {
        this.inChain = inChain;
        tracker = new ServiceTracker<>(context, SmtpCheck.class, null);
        tracker.open();
    }

    public List<NamedCheck> current() {
        ServiceReference<SmtpCheck>[] references = tracker.getServiceReferences();
        if (references == null) {
            return List.of();
        }
        Map<ServiceReference<SmtpCheck>, SmtpCheck> tracked = tracker.getTracked();
        return Arrays.stream(references)
                .sorted(Comparator.<ServiceReference<SmtpCheck>>naturalOrder().reversed())
                .filter(reference -> tracked.get(reference) != null)
                .map(reference -> new NamedCheck(stageName(reference), tracked.get(reference)))
                .filter(named -> inChain.test(named.stage()))
                .toList();
    }

    private static String stageName(ServiceReference<SmtpCheck> reference) {
        Object stage = reference.getProperty("mailgate.stage");
        return stage instanceof String name && !name.isBlank() ? name
                : Objects.toString(reference.getBundle() == null ? null : reference.getBundle().getSymbolicName(), "smtp-check");
    }

    @Override
    public void close() {
        tracker.close();
    }
}
