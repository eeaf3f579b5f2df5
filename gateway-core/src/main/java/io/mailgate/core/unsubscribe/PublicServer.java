package io.mailgate.core.unsubscribe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.feedback.InvalidVerpTokenException;
import io.mailgate.feedback.UnsubscribeToken;

/**
 * The public endpoint for recipients ({@code public.listen}, default {@code 127.0.0.1:8081}; put a
 * TLS proxy in front of it and set {@code public.base-url} to its https address):
 * <pre>
 * GET  /u/{token}[?lang=en|ru]   the page: sender, this list or everything, a confirm button; changes nothing
 * POST /u/{token}  List-Unsubscribe=One-Click        unsubscribes at once from the list (RFC 8058), 200
 * POST /u/{token}  scope=list|all&amp;lang=en|ru         the page's confirm button, 200 with the confirmation page
 * </pre>
 * A token that is forged, altered or too old gets a plain 400 page; more than {@code public.rate-limit}
 * requests a minute from one client get 429. Nothing here needs a login.
 */
public final class PublicServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PublicServer.class);
    private static final Pattern PATH = Pattern.compile("/u/([A-Za-z2-7]{1,1000})");
    private static final int MAX_BODY = 16 * 1024;

    private final UnsubscribeLinkService links;
    private final Unsubscribes unsubscribes;
    private final Function<String, String> senderName;
    private final ClientRateLimit rateLimit;
    private final Server server;
    private final ServerConnector connector;

    /** @param senderName the name a recipient knows the tenant by, from its id */
    public PublicServer(InetSocketAddress listen, UnsubscribeLinkService links, Unsubscribes unsubscribes,
                        Function<String, String> senderName, int ratePerMinute, java.time.Clock clock) throws IOException {
        this.links = links;
        this.unsubscribes = unsubscribes;
        this.senderName = senderName;
        this.rateLimit = new ClientRateLimit(ratePerMinute, clock);
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("public-http");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(listen.getHostString());
        connector.setPort(listen.getPort());
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                serve(request, response, callback);
                return true;
            }
        });
        server.setStopAtShutdown(false);
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IOException("cannot start the public endpoint on " + listen.getHostString() + ":" + listen.getPort()
                    + ": " + e.getMessage(), e);
        }
        LOG.info("public unsubscribe endpoint listening on {}", baseUri());
    }

    /** Where it listens, such as {@code http://127.0.0.1:8081/}, with the real port. */
    public URI baseUri() {
        String host = connector.getHost();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + connector.getLocalPort() + "/");
    }

    private void serve(Request request, Response response, Callback callback) throws IOException {
        String client = Request.getRemoteAddr(request);
        if (!rateLimit.allow(client)) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "60");
            send(response, callback, 429, UnsubscribePage.tooMany());
            return;
        }
        var path = PATH.matcher(Request.getPathInContext(request));
        if (!path.matches()) {
            send(response, callback, 404, "<!DOCTYPE html><title>Not found</title><h1>Not found</h1>");
            return;
        }
        String token = path.group(1).toLowerCase(java.util.Locale.ROOT);
        UnsubscribeToken read;
        try {
            read = links.read(token);
        } catch (InvalidVerpTokenException e) {
            LOG.debug("unsubscribe link refused from {}: {}", client, e.getMessage());
            send(response, callback, 400, UnsubscribePage.invalid());
            return;
        }
        String sender = senderName.apply(read.tenantId());
        Fields query = Request.extractQueryParameters(request);
        String acceptLanguage = request.getHeaders().get(HttpHeader.ACCEPT_LANGUAGE);
        switch (request.getMethod()) {
            case "GET", "HEAD" -> send(response, callback, 200, UnsubscribePage.question(
                    UnsubscribePage.language(query.getValue("lang"), acceptLanguage), token, sender, read.resource()));
            case "POST" -> {
                Map<String, String> form = form(request);
                String userAgent = request.getHeaders().get(HttpHeader.USER_AGENT);
                if ("One-Click".equals(form.get("List-Unsubscribe"))) {
                    unsubscribes.unsubscribe(new Unsubscribes.Request(read, false, Unsubscribes.Method.ONE_CLICK, client, userAgent));
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                    response.setStatus(200);
                    Content.Sink.write(response, true, "unsubscribed\n", callback);
                    return;
                }
                boolean everything = "all".equals(form.get("scope"));
                unsubscribes.unsubscribe(new Unsubscribes.Request(read, everything, Unsubscribes.Method.PAGE, client, userAgent));
                send(response, callback, 200, UnsubscribePage.confirmation(
                        UnsubscribePage.language(form.get("lang"), acceptLanguage), sender, everything, read.resource()));
            }
            default -> {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD, POST");
                send(response, callback, 405, "<!DOCTYPE html><title>Method not allowed</title><h1>Method not allowed</h1>");
            }
        }
    }

    /**
     * The form fields of a POST: {@code application/x-www-form-urlencoded}, or the one field of a
     * {@code multipart/form-data} one-click body, which some mail clients send (RFC 8058 allows both).
     */
    private static Map<String, String> form(Request request) throws IOException {
        long length = request.getLength();
        if (length > MAX_BODY) {
            return Map.of();
        }
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        Map<String, String> fields = new HashMap<>();
        if (body.length() > MAX_BODY) {
            return fields;
        }
        String type = String.valueOf(request.getHeaders().get(HttpHeader.CONTENT_TYPE)).toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            if (body.matches("(?s).*name=\"?List-Unsubscribe\"?\\r?\\n(?:[^\\r\\n]+\\r?\\n)*\\r?\\nOne-Click\\r?\\n.*")) {
                fields.put("List-Unsubscribe", "One-Click");
            }
            return fields;
        }
        for (String pair : body.strip().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException badEscape) {
                    // a broken %-escape: not a field we know
                }
            }
        }
        return fields;
    }

    private static void send(Response response, Callback callback, int status, String html) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        Content.Sink.write(response, true, html, callback);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the public endpoint: {}", e.toString());
        }
    }
}
