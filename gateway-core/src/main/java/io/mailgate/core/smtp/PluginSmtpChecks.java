package io.mailgate.core.smtp;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import io.mailgate.api.SmtpCheck;

/** The {@link SmtpCheck}s plugins offer right now, highest service ranking first. */
public final class PluginSmtpChecks implements AutoCloseable {

    private final ServiceTracker<SmtpCheck, SmtpCheck> tracker;

    public PluginSmtpChecks(BundleContext context) {
        tracker = new ServiceTracker<>(context, SmtpCheck.class, null);
        tracker.open();
    }

    public List<SmtpCheck> current() {
        ServiceReference<SmtpCheck>[] references = tracker.getServiceReferences();
        if (references == null) {
            return List.of();
        }
        Map<ServiceReference<SmtpCheck>, SmtpCheck> tracked = tracker.getTracked();
        return Arrays.stream(references)
                .sorted(Comparator.<ServiceReference<SmtpCheck>>naturalOrder().reversed())
                .map(tracked::get)
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    @Override
    public void close() {
        tracker.close();
    }
}
