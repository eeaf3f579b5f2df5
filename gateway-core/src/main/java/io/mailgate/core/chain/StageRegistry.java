package io.mailgate.core.chain;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.mailet.Mailet;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * The chain stages that plugins offer right now: OSGi services of type {@link Mailet} with the
 * property {@code mailgate.stage=<name>}. Stage mailets ask it for a fresh instance; it tells them
 * when the services behind a name come or go (a bundle stopped, updated or started).
 */
public final class StageRegistry implements AutoCloseable {

    public static final String STAGE_PROPERTY = "mailgate.stage";

    private final BundleContext context;
    private final ServiceTracker<Mailet, ServiceReference<Mailet>> tracker;
    private final Set<ServiceReference<Mailet>> offered = ConcurrentHashMap.newKeySet();
    private volatile Map<String, ServiceReference<Mailet>> byName = Map.of();
    private final Set<String> required = ConcurrentHashMap.newKeySet();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public StageRegistry(BundleContext context) {
        this.context = context;
        try {
            this.tracker = new ServiceTracker<>(context, FrameworkUtil.createFilter(
                    "(&(objectClass=" + Mailet.class.getName() + ")(" + STAGE_PROPERTY + "=*))"), new Customizer());
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker.open();
    }

    /** A stage instance with the handle that releases it. */
    public record Bound(ServiceReference<Mailet> reference, Mailet mailet, ServiceObjects<Mailet> objects) {
        public void release() {
            try {
                objects.ungetService(mailet);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // the bundle is already gone, and its instance with it
            }
        }
    }

    /** A new instance of the stage (stages are prototype-scoped), or empty while none is offered. */
    public Optional<Bound> bind(String stage) {
        ServiceReference<Mailet> reference = byName.get(stage);
        if (reference == null) {
            return Optional.empty();
        }
        ServiceObjects<Mailet> objects = context.getServiceObjects(reference);
        Mailet mailet = objects == null ? null : objects.getService();
        return mailet == null ? Optional.empty() : Optional.of(new Bound(reference, mailet, objects));
    }

    /** Whether the service this instance came from is still the one offered under its name. */
    public boolean isCurrent(String stage, Bound bound) {
        return bound.reference().equals(byName.get(stage));
    }

    /** Marks a stage as named in the chain: mail waits while any such stage is missing. */
    public void require(String stage) {
        required.add(stage);
    }

    /** Whether the chain names this stage: only then do its SMTP checks answer in the session. */
    public boolean isRequired(String stage) {
        return required.contains(stage);
    }

    public Set<String> missingStages() {
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(byName.keySet());
        return missing;
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        Map<String, ServiceReference<Mailet>> current = new HashMap<>();
        // The highest-ranked service wins a name, as OSGi ranks services everywhere else.
        offered.stream()
                .sorted(Comparator.<ServiceReference<Mailet>>naturalOrder().reversed())
                .forEach(reference -> current.putIfAbsent(String.valueOf(reference.getProperty(STAGE_PROPERTY)), reference));
        byName = Map.copyOf(current);
        listeners.forEach(Runnable::run);
    }

    @Override
    public void close() {
        tracker.close();
    }

    private final class Customizer implements ServiceTrackerCustomizer<Mailet, ServiceReference<Mailet>> {
        @Override
        public ServiceReference<Mailet> addingService(ServiceReference<Mailet> reference) {
            offered.add(reference);
            changed();
            return reference;
        }

        @Override
        public void modifiedService(ServiceReference<Mailet> reference, ServiceReference<Mailet> tracked) {
            changed();
        }

        @Override
        public void removedService(ServiceReference<Mailet> reference, ServiceReference<Mailet> tracked) {
            offered.remove(reference);
            changed();
        }
    }
}
