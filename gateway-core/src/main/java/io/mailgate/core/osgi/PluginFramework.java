package io.mailgate.core.osgi;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Apache Felix framework that runs plugins. At start it installs Declarative
 * Services (Felix SCR and the OSGi APIs it needs, found on the host class path) and then every
 * {@code *.jar} in the plugin folder, and starts them. A plugin that fails to resolve or start is
 * logged with the reason and left installed; the stages it would offer are then missing, and mail
 * waits for them.
 */
public final class PluginFramework implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(PluginFramework.class);

    /** Classes whose jars are the framework's own bundles: Declarative Services and its APIs. */
    private static final List<String> SYSTEM_BUNDLE_CLASSES = List.of(
            "org.osgi.util.function.Function",
            "org.osgi.util.promise.Promise",
            "org.osgi.service.component.ComponentContext",
            "org.apache.felix.scr.impl.Activator");

    private final Framework framework;

    public PluginFramework(Path cacheDir, Path pluginDir) throws BundleException, IOException {
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, cacheDir.toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, HostExports.systemPackagesExtra());
        framework = new Felix(properties);
        framework.init();
        framework.start();

        List<Bundle> bundles = new ArrayList<>();
        for (String className : SYSTEM_BUNDLE_CLASSES) {
            bundles.add(install(jarOf(className)));
        }
        if (Files.isDirectory(pluginDir)) {
            try (Stream<Path> jars = Files.list(pluginDir)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    bundles.add(install(jar));
                }
            }
        } else {
            LOGGER.warn("plugin folder {} does not exist: no plugin stages", pluginDir);
        }
        for (Bundle bundle : bundles) {
            start(bundle);
        }
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** The installed bundle with this symbolic name, for admin actions and tests. */
    public Optional<Bundle> bundle(String symbolicName) {
        return Stream.of(context().getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst();
    }

    private Bundle install(Path jar) throws BundleException {
        Bundle bundle = context().installBundle(jar.toUri().toString());
        LOGGER.info("installed {} {} from {}", bundle.getSymbolicName(), bundle.getVersion(), jar.getFileName());
        return bundle;
    }

    private static void start(Bundle bundle) {
        try {
            bundle.start();
        } catch (BundleException e) {
            LOGGER.error("plugin {} did not start: {}", bundle.getSymbolicName(), e.getMessage());
        }
    }

    private static Path jarOf(String className) {
        try {
            Class<?> type = Class.forName(className, false, PluginFramework.class.getClassLoader());
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("the framework bundle holding " + className + " is not on the class path", e);
        }
    }

    @Override
    public void close() throws BundleException, InterruptedException {
        framework.stop();
        framework.waitForStop(30_000);
    }
}
