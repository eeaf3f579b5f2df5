package io.mailgate.core.james;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.io.FileHandler;
import org.apache.commons.configuration2.tree.ImmutableNode;

import io.mailgate.core.config.ConfigException;
import io.mailgate.core.config.GatewayConfig;
import io.mailgate.core.config.GatewayConfig.Key;
import io.mailgate.core.feedback.FeedbackHandlers;
import io.mailgate.core.smtp.MailgateHandlers;

/**
 * James's configuration, made from the gateway's: the SMTP listeners from {@code mailgate.conf}
 * (one place to set a port or a limit), the chain from {@code mailetcontainer.xml}, in which
 * {@code ${key}} stands for a {@code mailgate.conf} value; an element whose whole text is a key
 * with an empty value is left out, so that {@code <gateway>${delivery.smarthost}</gateway>}
 * means MX delivery when no smart host is set.
 */
public final class JamesConfig {

    private static final Pattern WHOLE_ELEMENT = Pattern.compile("<([A-Za-z][\\w.-]*)>\\$\\{([\\w.-]+)}</\\1>");
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([\\w.-]+)}");

    private final GatewayConfig config;
    private final XMLConfiguration chain;
    private final String helloName;
    private final TlsKeystore keystore;

    public JamesConfig(GatewayConfig config, Path mailetContainerXml, TlsKeystore keystore) {
        this.config = config;
        this.keystore = keystore;
        this.helloName = config.isSet(Key.SMTP_HELLO_NAME) ? config.get(Key.SMTP_HELLO_NAME) : localHostName();
        this.chain = loadChain(mailetContainerXml);
    }

    String helloName() {
        return helloName;
    }

    HierarchicalConfiguration<ImmutableNode> dns() {
        BaseHierarchicalConfiguration dns = new BaseHierarchicalConfiguration();
        List<String> resolvers = config.getList(Key.DNS_RESOLVERS);
        dns.addProperty("autodiscover", resolvers.isEmpty());
        for (String resolver : resolvers) {
            dns.addProperty("servers.server", resolver);
        }
        dns.addProperty("setAsDNSJavaDefault", false);
        return dns;
    }

    HierarchicalConfiguration<ImmutableNode> mailetContext() {
        BaseHierarchicalConfiguration context = new BaseHierarchicalConfiguration();
        context.addProperty("postmaster", "postmaster@" + helloName);
        return context;
    }

    HierarchicalConfiguration<ImmutableNode> processors() {
        return chain.configurationAt("processors");
    }

    HierarchicalConfiguration<ImmutableNode> spooler() {
        return chain.configurationAt("spooler");
    }

    /** The listeners in order: relay (STARTTLS), implicit TLS, feedback; each only when configured. */
    List<List<InetSocketAddress>> listenAddresses() {
        List<List<InetSocketAddress>> all = new ArrayList<>();
        for (Key key : List.of(Key.SMTP_RELAY_LISTEN, Key.SMTP_TLS_LISTEN, Key.SMTP_FEEDBACK_LISTEN)) {
            if (config.isSet(key)) {
                all.add(config.getListen(key));
            }
        }
        return all;
    }

    HierarchicalConfiguration<ImmutableNode> smtpServers() {
        BaseHierarchicalConfiguration servers = new BaseHierarchicalConfiguration();
        int index = 0;
        if (config.isSet(Key.SMTP_RELAY_LISTEN)) {
            addServer(servers, index++, "smtp-relay", false, MailgateHandlers.class);
        }
        if (config.isSet(Key.SMTP_TLS_LISTEN)) {
            addServer(servers, index++, "smtp-tls", true, MailgateHandlers.class);
        }
        if (config.isSet(Key.SMTP_FEEDBACK_LISTEN)) {
            addServer(servers, index, "smtp-feedback", false, FeedbackHandlers.class);
        }
        return servers;
    }

    /** The bounce domain of the return paths: configured, else bounces.&lt;hello name&gt;. */
    public String bounceDomain() {
        return config.isSet(Key.FEEDBACK_BOUNCE_DOMAIN) ? config.get(Key.FEEDBACK_BOUNCE_DOMAIN) : "bounces." + helloName;
    }

    private void addServer(BaseHierarchicalConfiguration servers, int index, String name, boolean implicitTls,
                           Class<?> handlers) {
        String p = "smtpserver(" + index + ").";
        servers.addProperty("smtpserver(-1)[@enabled]", true);
        servers.addProperty(p + "jmxName", name);
        // Overridden by the listen addresses from mailgate.conf; James needs a valid value here.
        servers.addProperty(p + "bind", "0.0.0.0:0");
        servers.addProperty(p + "helloName[@autodetect]", false);
        servers.addProperty(p + "helloName", helloName);
        servers.addProperty(p + "connectionBacklog", 200);
        servers.addProperty(p + "connectiontimeout", config.getDuration(Key.SMTP_TIMEOUT).toSeconds());
        servers.addProperty(p + "connectionLimit", config.getInt(Key.SMTP_CONNECTION_LIMIT));
        servers.addProperty(p + "connectionLimitPerIP", config.getInt(Key.SMTP_CONNECTION_LIMIT_PER_IP));
        servers.addProperty(p + "gracefulShutdown", true);
        servers.addProperty(p + "tls[@socketTLS]", implicitTls);
        servers.addProperty(p + "tls[@startTLS]", !implicitTls);
        servers.addProperty(p + "tls.keystore", "file://" + keystore.file().toAbsolutePath());
        servers.addProperty(p + "tls.keystoreType", "PKCS12");
        servers.addProperty(p + "tls.secret", keystore.password());
        servers.addProperty(p + "tls.supportedProtocols.protocol", List.of("TLSv1.2", "TLSv1.3"));
        servers.addProperty(p + "auth.announce", "always");
        servers.addProperty(p + "auth.requireSSL", true);
        servers.addProperty(p + "auth.plainAuthEnabled", true);
        servers.addProperty(p + "verifyIdentity", false);
        // James takes the size in kilobytes.
        servers.addProperty(p + "maxmessagesize", Math.max(1, config.getSize(Key.SMTP_MAX_MESSAGE_SIZE) / 1024));
        servers.addProperty(p + "addressBracketsEnforcement", true);
        servers.addProperty(p + "heloEhloEnforcement", true);
        servers.addProperty(p + "handlerchain[@enableJmx]", false);
        servers.addProperty(p + "handlerchain[@coreHandlersPackage]", handlers.getName());
    }

    private XMLConfiguration loadChain(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read the chain configuration " + file + ": " + e.getMessage());
        }
        // Comments may mention ${key} freely: they are dropped before the values go in.
        text = substitute(COMMENT.matcher(text).replaceAll(""), file);
        XMLConfiguration xml = new XMLConfiguration();
        try {
            new FileHandler(xml).load(new StringReader(text));
        } catch (ConfigurationException e) {
            throw new ConfigException(file + " is not valid XML: " + e.getMessage());
        }
        if (xml.configurationsAt("processors.processor").isEmpty()) {
            throw new ConfigException(file + " defines no <processors><processor>");
        }
        return xml;
    }

    private String substitute(String text, Path file) {
        Matcher whole = WHOLE_ELEMENT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (whole.find()) {
            String value = valueOf(whole.group(2), file);
            whole.appendReplacement(out, value.isEmpty() ? ""
                    : Matcher.quoteReplacement("<" + whole.group(1) + ">" + escape(value) + "</" + whole.group(1) + ">"));
        }
        whole.appendTail(out);
        Matcher placeholder = PLACEHOLDER.matcher(out.toString());
        StringBuilder result = new StringBuilder();
        while (placeholder.find()) {
            placeholder.appendReplacement(result, Matcher.quoteReplacement(escape(valueOf(placeholder.group(1), file))));
        }
        placeholder.appendTail(result);
        return result.toString();
    }

    /** Values mailetcontainer.xml may use: every mailgate.conf key, and a few derived ones. */
    private String valueOf(String name, Path file) {
        switch (name) {
            case "hello-name":
                return helloName;
            case "content.rules":
                return config.getPath(Key.CONTENT_RULES, config.confDir()).toString();
            case "content.dns-resolvers":
                return config.get(Key.CONTENT_DNS_RESOLVERS).isBlank() ? config.get(Key.DNS_RESOLVERS)
                        : config.get(Key.CONTENT_DNS_RESOLVERS);
            case "content.dns-timeout":
                return Long.toString(config.getDuration(Key.CONTENT_DNS_TIMEOUT).toMillis());
            default:
                for (Key key : Key.values()) {
                    if (key.key.equals(name)) {
                        return config.get(key);
                    }
                }
                throw new ConfigException(file + " uses ${" + name + "}, which is not a mailgate.conf key");
        }
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }


    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
