package io.mailgate.core.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.transport.mailets.remote.delivery.Bouncer;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.apache.james.dnsservice.api.DNSService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.api.MailgateAttributes;
import io.mailgate.core.config.GatewayConfig;
import io.mailgate.core.delivery.NextHops.Hop;
import io.mailgate.core.delivery.Outcome.Kind;
import io.mailgate.core.metrics.GatewayMetrics;
import io.mailgate.core.queue.MailCopy;

/**
 * Delivers to the next hop straight from the spool, over connections kept open per destination
 * ({@link ConnectionPool}): the gateway's replacement for James's RemoteDelivery, which queues
 * every message a second time and opens one SMTP connection per message.
 *
 * <p>Each recipient gets its own outcome. Delivered recipients are done; refused ones (5xx, a
 * domain with no mail host) go to the {@code bounceProcessor} with the reply, as RemoteDelivery
 * did, so that {@code RecordBounce} and {@code DSNBounce} tell the sender; the rest (4xx, no hop
 * reachable) come back to this processor after the next of {@code retryDelays}, through the
 * durable spool, until {@code maxRetries} attempts failed and they bounce too. A message is
 * acknowledged to the spool only after this, so nothing taken with a 250 is lost on the way.
 *
 * <pre>{@code
 * <mailet match="All" class="SmtpDelivery">
 *   <gateway>smarthost:25</gateway>         <!-- empty or absent: each domain's MX hosts -->
 *   <retryDelays>1m,5m,15m,1h,4h</retryDelays>
 *   <maxRetries>20</maxRetries>
 *   <heloName>mail.example.com</heloName>
 *   <bounceProcessor>bounces</bounceProcessor>
 *   <connectionTimeout>30s</connectionTimeout> <timeout>5m</timeout>
 *   <idleTime>5s</idleTime> <maxAge>5m</maxAge> <maxTransactions>1000</maxTransactions> <downTime>10s</downTime>
 * </mailet>}</pre>
 */
public final class SmtpDelivery extends GenericMailet {

    /** How many attempts failed so far (an Integer), on a message waiting for its next one. */
    static final AttributeName ATTEMPTS = AttributeName.of("mailgate.delivery-attempts");

    private static final Logger LOG = LoggerFactory.getLogger(SmtpDelivery.class);
    private static final Logger MAILLOG = LoggerFactory.getLogger("mailgate.maillog");

    private final DNSService dns;
    private final GatewayMetrics metrics;
    private final DeliveryListener listener;
    private NextHops nextHops;
    private ConnectionPool pool;
    private List<Duration> retryDelays;
    private int maxRetries;
    private String bounceProcessor;

    public SmtpDelivery(DNSService dns, GatewayMetrics metrics, DeliveryListener listener) {
        this.dns = dns;
        this.metrics = metrics;
        this.listener = listener;
    }

    @Override
    public void init() throws MessagingException {
        String gateway = getInitParameter("gateway", "").strip();
        nextHops = new NextHops(dns, gateway.isEmpty() ? Optional.empty() : Optional.of(GatewayConfig.hostPort(gateway)));
        retryDelays = new ArrayList<>();
        for (String delay : getInitParameter("retryDelays", "1m,5m,15m,1h,4h").split(",")) {
            if (!delay.isBlank()) {
                retryDelays.add(duration("retryDelays", delay));
            }
        }
        if (retryDelays.isEmpty()) {
            throw new MessagingException("SmtpDelivery: retryDelays needs at least one delay, such as 1m");
        }
        maxRetries = positive("maxRetries", 20);
        bounceProcessor = getInitParameter("bounceProcessor", "bounces");

        Properties session = new Properties();
        session.setProperty("mail.smtp.localhost", getInitParameter("heloName", "localhost"));
        session.setProperty("mail.smtp.connectiontimeout", millis("connectionTimeout", "30s"));
        session.setProperty("mail.smtp.timeout", millis("timeout", "5m"));
        session.setProperty("mail.smtp.sendpartial", "true");
        // Opportunistic TLS, as Postfix's "may": STARTTLS when offered, without checking the name
        // (an MX's certificate rarely names it).
        session.setProperty("mail.smtp.starttls.enable", getInitParameter("startTLS", "true"));
        session.setProperty("mail.smtp.ssl.trust", "*");
        session.setProperty("mail.smtp.ssl.checkserveridentity", "false");
        pool = new ConnectionPool(session, new ConnectionPool.Limits(duration("idleTime", getInitParameter("idleTime", "5s")),
                duration("maxAge", getInitParameter("maxAge", "5m")), positive("maxTransactions", 1000),
                duration("downTime", getInitParameter("downTime", "10s"))));
    }

    @Override
    public void destroy() {
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    public String getMailetInfo() {
        return "SmtpDelivery";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Map<MailAddress, Outcome> outcomes = new LinkedHashMap<>();
        for (Map.Entry<String, List<MailAddress>> destination : byDestination(mail.getRecipients()).entrySet()) {
            deliver(mail, destination.getKey(), destination.getValue(), outcomes);
        }
        report(mail, outcomes);
        mail.setState(Mail.GHOST);
    }

    /** Recipients by domain; with a smart host, all of them together. */
    private Map<String, List<MailAddress>> byDestination(Iterable<MailAddress> recipients) {
        Map<String, List<MailAddress>> groups = new LinkedHashMap<>();
        for (MailAddress recipient : recipients) {
            String key = nextHops.viaSmartHost() ? "" : recipient.getDomain().asString().toLowerCase(Locale.ROOT);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(recipient);
        }
        return groups;
    }

    /** Tries the destination's hops in order until one answers for the recipients. */
    private void deliver(Mail mail, String domain, List<MailAddress> recipients, Map<MailAddress, Outcome> outcomes)
            throws MessagingException {
        List<Hop> hops;
        try {
            hops = nextHops.resolve(domain.isEmpty() ? recipients.get(0).getDomain().asString() : domain);
        } catch (NextHops.NoRoute e) {
            recipients.forEach(recipient -> outcomes.put(recipient, e.outcome));
            return;
        }
        Outcome failure = null;
        for (Hop hop : hops) {
            if (pool.isDown(hop)) {
                failure = Outcome.temporary("451 4.4.1 " + hop + " refused a connection a moment ago; not tried again yet",
                        hop.toString());
                continue;
            }
            try {
                outcomes.putAll(transaction(mail, hop, recipients));
                return;
            } catch (SmtpConnection.Broken e) {
                LOG.debug("{}: {}", MailgateAttributes.queueId(mail), e.getMessage());
                failure = Outcome.temporary("451 4.4.1 " + e.getMessage(), hop.toString());
            }
        }
        Outcome unreachable = failure;
        recipients.forEach(recipient -> outcomes.put(recipient, unreachable));
    }

    /** One transaction with {@code hop}; once more on a new connection when a kept one turns out dead. */
    private Map<MailAddress, Outcome> transaction(Mail mail, Hop hop, List<MailAddress> recipients)
            throws SmtpConnection.Broken, MessagingException {
        SmtpConnection connection = pool.borrow(hop);
        try {
            return sendOn(connection, mail, recipients);
        } catch (SmtpConnection.Broken e) {
            if (connection.transactions() == 1) {
                throw e;
            }
        }
        return sendOn(pool.borrow(hop), mail, recipients);
    }

    private Map<MailAddress, Outcome> sendOn(SmtpConnection connection, Mail mail, List<MailAddress> recipients)
            throws SmtpConnection.Broken, MessagingException {
        try {
            Map<MailAddress, Outcome> result = connection.send(mail.getMessage(), mail.getMaybeSender(), recipients);
            pool.release(connection);
            return result;
        } catch (SmtpConnection.Broken e) {
            connection.close();
            throw e;
        }
    }

    /** Logs and counts every outcome, then bounces the refused recipients and defers the rest. */
    private void report(Mail mail, Map<MailAddress, Outcome> outcomes) throws MessagingException {
        String queueId = MailgateAttributes.queueId(mail);
        Optional<String> tenant = MailgateAttributes.tenantId(mail);
        int attempts = attempts(mail) + 1;
        List<MailAddress> deferred = new ArrayList<>();
        Map<String, List<MailAddress>> refusedByReply = new LinkedHashMap<>();
        Outcome lastDeferral = null;
        boolean anyDelivered = false;
        MimeMessage message = mail.getMessage();
        boolean listMail = message.getHeader("List-Unsubscribe") != null;
        boolean oneClick = listMail && "List-Unsubscribe=One-Click".equalsIgnoreCase(
                Optional.ofNullable(message.getHeader("List-Unsubscribe-Post", null)).map(String::strip).orElse(""));
        for (Map.Entry<MailAddress, Outcome> entry : outcomes.entrySet()) {
            MailAddress recipient = entry.getKey();
            Outcome outcome = entry.getValue();
            String host = outcome.relay().replaceFirst("\\[.*$", "");
            if (outcome.kind() == Kind.DELIVERED) {
                anyDelivered = true;
                MAILLOG.info("{}: to=<{}>, relay={}, attempt={}, status=sent ({})", queueId, recipient.asString(),
                        outcome.relay(), attempts, outcome.reply());
                tenant.ifPresent(id -> listener.delivered(id, recipient,
                        new DeliveryListener.Delivery(host, outcome.tls(), listMail, oneClick)));
                continue;
            }
            tenant.ifPresent(id -> listener.refused(id, recipient, host, outcome.kind() == Kind.PERMANENT, outcome.reply()));
            if (outcome.kind() == Kind.PERMANENT) {
                refusedByReply.computeIfAbsent(outcome.reply(), reply -> new ArrayList<>()).add(recipient);
            } else if (attempts > maxRetries) {
                refusedByReply.computeIfAbsent(outcome.reply() + " (gave up after " + attempts + " attempts)",
                        reply -> new ArrayList<>()).add(recipient);
            } else {
                deferred.add(recipient);
                lastDeferral = outcome;
            }
        }
        if (anyDelivered) {
            metrics.delivered();
        }
        for (Map.Entry<String, List<MailAddress>> refused : refusedByReply.entrySet()) {
            bounce(mail, refused.getValue(), refused.getKey());
        }
        if (!deferred.isEmpty()) {
            defer(mail, queueId, deferred, lastDeferral, attempts);
        }
    }

    /** A copy for the refused recipients to the bounce processor, with the reply that refused them. */
    private void bounce(Mail mail, List<MailAddress> recipients, String reply) throws MessagingException {
        Mail copy = MailCopy.of(mail, recipients);
        copy.setAttribute(new Attribute(Bouncer.DELIVERY_ERROR, AttributeValue.of(reply)));
        int code = Outcome.codeOf(reply);
        if (code > 0) {
            copy.setAttribute(new Attribute(Bouncer.DELIVERY_ERROR_CODE, AttributeValue.of(code)));
        }
        copy.setAttribute(new Attribute(Bouncer.IS_DELIVERY_PERMANENT_ERROR, AttributeValue.of(true)));
        getMailetContext().sendMail(copy, bounceProcessor);
    }

    /** A copy for the deferred recipients, back to this processor after the next retry delay. */
    private void defer(Mail mail, String queueId, List<MailAddress> recipients, Outcome why, int attempts)
            throws MessagingException {
        Duration delay = retryDelays.get(Math.min(attempts, retryDelays.size()) - 1);
        Mail copy = MailCopy.of(mail, recipients);
        copy.setAttribute(new Attribute(ATTEMPTS, AttributeValue.of(attempts)));
        copy.setErrorMessage(why.reply());
        getMailetContext().sendMail(copy, mail.getState(), delay.toMillis(), TimeUnit.MILLISECONDS);
        metrics.deferred();
        for (MailAddress recipient : recipients) {
            MAILLOG.info("{}: to=<{}>, relay={}, attempt={}, status=deferred ({}), retry in {}s", queueId,
                    recipient.asString(), why.relay(), attempts, why.reply(), delay.toSeconds());
        }
    }

    private static int attempts(Mail mail) {
        return mail.getAttribute(ATTEMPTS).map(attribute -> attribute.getValue().value())
                .filter(Integer.class::isInstance).map(Integer.class::cast).orElse(0);
    }

    private int positive(String parameter, int fallback) throws MessagingException {
        String value = getInitParameter(parameter, Integer.toString(fallback)).strip();
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Below.
        }
        throw new MessagingException("SmtpDelivery: " + parameter + " '" + value + "' is not a positive whole number");
    }

    private String millis(String parameter, String fallback) throws MessagingException {
        return Long.toString(duration(parameter, getInitParameter(parameter, fallback)).toMillis());
    }

    private static Duration duration(String parameter, String value) throws MessagingException {
        try {
            return GatewayConfig.duration(value.strip());
        } catch (IllegalArgumentException e) {
            throw new MessagingException("SmtpDelivery: " + parameter + " '" + value + "' is not a duration such as 30s: "
                    + e.getMessage());
        }
    }
}
