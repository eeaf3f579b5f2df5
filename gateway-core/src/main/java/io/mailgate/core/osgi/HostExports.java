package io.mailgate.core.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * The packages the host offers to plugins through the system bundle, each with the version of the
 * jar it comes from (read from that jar's manifest, never typed in), so that a plugin's
 * {@code Import-Package} ranges are checked against what really runs.
 */
final class HostExports {

    /** Package name to a class in it, which locates the jar. */
    private static final Map<String, String> PACKAGES = new LinkedHashMap<>();

    static {
        PACKAGES.put("io.mailgate.api", "io.mailgate.api.Verdict");
        PACKAGES.put("org.apache.mailet", "org.apache.mailet.Mailet");
        PACKAGES.put("org.apache.mailet.base", "org.apache.mailet.base.GenericMailet");
        PACKAGES.put("org.apache.james.core", "org.apache.james.core.MailAddress");
        PACKAGES.put("javax.mail", "javax.mail.Message");
        PACKAGES.put("javax.mail.internet", "javax.mail.internet.MimeMessage");
        PACKAGES.put("javax.mail.util", "javax.mail.util.ByteArrayDataSource");
        PACKAGES.put("javax.mail.event", "javax.mail.event.MessageCountEvent");
        PACKAGES.put("javax.mail.search", "javax.mail.search.SearchTerm");
        PACKAGES.put("javax.activation", "javax.activation.DataHandler");
        PACKAGES.put("org.slf4j", "org.slf4j.Logger");
    }

    private HostExports() {
    }

    /** The value of {@code org.osgi.framework.system.packages.extra}. */
    static String systemPackagesExtra() {
        return PACKAGES.entrySet().stream()
                .map(entry -> entry.getKey() + ";version=" + versionOf(entry.getValue()))
                .collect(Collectors.joining(","));
    }

    private static String versionOf(String className) {
        try {
            Class<?> type = Class.forName(className, false, HostExports.class.getClassLoader());
            URL jar = type.getProtectionDomain().getCodeSource().getLocation();
            Manifest manifest = manifestOf(jar);
            String version = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-Version");
            if (version == null && manifest != null) {
                version = manifest.getMainAttributes().getValue("Implementation-Version");
            }
            return osgiVersion(version);
        } catch (ClassNotFoundException | IOException e) {
            throw new IllegalStateException("the host cannot offer " + className + " to plugins", e);
        }
    }

    private static Manifest manifestOf(URL location) throws IOException {
        if (!location.getPath().endsWith(".jar")) {
            // a class directory (an IDE or a Maven test run): its manifest, if any, is in META-INF
            URL manifest = new URL(location, "META-INF/MANIFEST.MF");
            try (InputStream in = manifest.openStream()) {
                return new Manifest(in);
            } catch (IOException e) {
                return null;
            }
        }
        try (JarInputStream in = new JarInputStream(location.openStream())) {
            return in.getManifest();
        }
    }

    /** "3.8.1" stays, "0.1.0-SNAPSHOT" becomes "0.1.0.SNAPSHOT", nothing becomes "0.0.0". */
    static String osgiVersion(String version) {
        if (version == null || version.isBlank()) {
            return "0.0.0";
        }
        String[] parts = version.trim().split("[.-]", 4);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            String part = i < parts.length && parts[i].matches("\\d+") ? parts[i] : "0";
            out.append(i == 0 ? "" : ".").append(part);
        }
        if (parts.length == 4 || (parts.length > 0 && !parts[parts.length - 1].matches("\\d+"))) {
            out.append('.').append(parts[parts.length - 1].replaceAll("[^A-Za-z0-9_-]", "_"));
        }
        return out.toString();
    }
}
