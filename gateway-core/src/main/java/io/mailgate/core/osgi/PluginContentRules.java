package io.mailgate.core.osgi;

import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import io.mailgate.api.ContentRules;

/** The content-screening plugin's {@link ContentRules}, while the plugin runs (for the REST admin). */
public final class PluginContentRules implements AutoCloseable {

    private final ServiceTracker<ContentRules, ContentRules> tracker;

    public PluginContentRules(BundleContext context) {
        tracker = new ServiceTracker<>(context, ContentRules.class, null);
        tracker.open();
    }

    public Optional<ContentRules> current() {
        return Optional.ofNullable(tracker.getService());
    }

    @Override
    public void close() {
        tracker.close();
    }
}
