package io.mailgate.testkit;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;

import org.ops4j.pax.exam.Option;

/**
 * The Pax Exam configuration of a plugin's bundle test: Felix with the gateway's exported packages,
 * Declarative Services (Felix SCR and the OSGi APIs it needs) and the plugin's built jar, whose
 * path the module's failsafe configuration passes as {@code mailgate.plugin.bundle}. The versions
 * of SCR and the APIs come from the module's own dependencies ({@code versionAsInProject}, read from
 * the {@code dependencies.properties} that depends-maven-plugin writes).
 */
public final class PluginContainer {

    private PluginContainer() {
    }

    public static Option[] options() {
        String plugin = System.getProperty("mailgate.plugin.bundle");
        if (plugin == null || !new File(plugin).isFile()) {
            throw new IllegalStateException("the built plugin jar is missing (" + plugin + "): run this test with "
                    + "`mvn verify`, which packages the bundle and passes its path as mailgate.plugin.bundle");
        }
        return org.ops4j.pax.exam.CoreOptions.options(
                HostPackages.gatewayExports(),
                HostPackages.testSupport(),
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                bundle(new File(plugin).toURI().toString()),
                junitBundles(),
                // Pax Exam's own bundles log through pax-logging-api, at DEBUG unless told otherwise.
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
    }
}
