package io.mailgate.testkit;

import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import javax.activation.DataHandler;
import javax.mail.Session;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mailet;
import org.apache.mailet.base.GenericMailet;
import org.apache.mailet.base.test.FakeMail;
import org.ops4j.pax.exam.Option;
import org.slf4j.LoggerFactory;

import io.mailgate.api.Verdict;

/**
 * The packages the gateway exports to plugins (the system bundle's extra packages), for the bundle
 * test. As in the gateway, each version is read from the jar that holds the package (its
 * Bundle-Version, else its Implementation-Version), never typed in.
 *
 * <p>They go through Pax Exam's {@code systemPackages(...)} option: setting the framework property
 * {@code org.osgi.framework.system.packages.extra} directly hangs the test container.
 */
public final class HostPackages {

    private HostPackages() {
    }

    public static Option gatewayExports() {
        List<String> exports = new ArrayList<>();
        exports.addAll(from(Mailet.class, "org.apache.mailet"));
        exports.addAll(from(GenericMailet.class, "org.apache.mailet.base"));
        exports.addAll(from(MailAddress.class, "org.apache.james.core"));
        exports.addAll(from(Session.class, "javax.mail", "javax.mail.internet", "javax.mail.util",
                "javax.mail.event", "javax.mail.search"));
        exports.addAll(from(DataHandler.class, "javax.activation"));
        exports.addAll(from(LoggerFactory.class, "org.slf4j"));
        exports.addAll(from(Verdict.class, "io.mailgate.api"));
        LoggerFactory.getLogger(HostPackages.class).info("system bundle exports {}", exports);
        return systemPackages(exports.toArray(new String[0]));
    }

    /** Not exported by the gateway: lets the test code inside Felix build James's fake mails. */
    public static Option testSupport() {
        return systemPackages(from(FakeMail.class, "org.apache.mailet.base.test").toArray(new String[0]));
    }

    private static List<String> from(Class<?> anchor, String... packages) {
        String version = versionOf(anchor);
        List<String> exports = new ArrayList<>();
        for (String name : packages) {
            exports.add(name + ";version=" + version);
        }
        return exports;
    }

    private static String versionOf(Class<?> anchor) {
        Manifest manifest = manifestOf(anchor);
        Attributes main = manifest.getMainAttributes();
        String version = main.getValue("Bundle-Version");
        if (version == null) {
            version = main.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        }
        if (version == null) {
            throw new IllegalStateException("no Bundle-Version or Implementation-Version in the jar of " + anchor.getName());
        }
        return osgiVersion(version);
    }

    /** "3.8.1" stays; a Maven "0.1.0-SNAPSHOT" becomes "0.1.0.SNAPSHOT". */
    private static String osgiVersion(String version) {
        return version.replaceFirst("^(\\d+(?:\\.\\d+){0,2})-", "$1.");
    }

    private static Manifest manifestOf(Class<?> anchor) {
        try {
            URL location = anchor.getProtectionDomain().getCodeSource().getLocation();
            Path path = Path.of(location.toURI());
            if (Files.isDirectory(path)) {
                try (InputStream in = Files.newInputStream(path.resolve("META-INF/MANIFEST.MF"))) {
                    return new Manifest(in);
                }
            }
            try (JarFile jar = new JarFile(path.toFile())) {
                Manifest manifest = jar.getManifest();
                if (manifest == null) {
                    throw new IllegalStateException("no manifest in " + path);
                }
                return manifest;
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the manifest of the jar of " + anchor.getName(), e);
        }
    }
}
