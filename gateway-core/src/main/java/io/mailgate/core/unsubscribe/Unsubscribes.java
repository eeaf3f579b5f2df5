package io.mailgate.core.unsubscribe;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.api.DecisionJournal;
import io.mailgate.api.Suppressions;
import io.mailgate.api.Verdict;
import io.mailgate.feedback.UnsubscribeToken;

/**
 * Every unsubscribe goes through {@link #unsubscribe} (the one-click POST, the page, the mailto
 * address): the recipient is suppressed for the list or for everything from the tenant (SUP-1),
 * the journal gets the event with its evidence (time, client, user agent, which link, when the link
 * was made), and every {@link Listener} hears of it, such as the reputation service, which counts
 * unsubscribes per tenant (REP-2).
 */
public final class Unsubscribes {

    /** Where an unsubscribe came from. */
    public enum Method {
        ONE_CLICK("one-click"), PAGE("unsubscribe-page"), MAILTO("unsubscribe-mailto");

        final String source;

        Method(String source) {
            this.source = source;
        }
    }

    /** What the recipient asked for, and who asked. */
    public record Request(UnsubscribeToken token, boolean everything, Method method, String client, String userAgent) {
    }

    /** Hears of every unsubscribe, after it is stored. */
    public interface Listener {
        void unsubscribed(String tenantId, String recipient, String resource, Instant at);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Unsubscribes.class);
    static final String STAGE = "unsubscribe";

    private final Suppressions suppressions;
    private final DecisionJournal journal;
    private final Clock clock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public Unsubscribes(Suppressions suppressions, DecisionJournal journal, Clock clock) {
        this.suppressions = suppressions;
        this.journal = journal;
        this.clock = clock;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Suppresses the recipient (the token's list, or everything from the tenant), journals it, tells the listeners. */
    public void unsubscribe(Request request) {
        UnsubscribeToken token = request.token();
        String resource = request.everything() ? "" : token.resource();
        Instant now = clock.instant();
        suppressions.add(new Suppressions.Entry(token.tenantId(), resource, token.recipient(),
                Suppressions.Reason.UNSUBSCRIBE, request.method().source, now, ""));
        String what = resource.isEmpty() ? "everything from this sender" : "the list " + resource;
        String evidence = "unsubscribed from " + what + " by " + request.method().source
                + "; client " + clip(request.client(), 64) + ", user agent '" + clip(request.userAgent(), 300)
                + "', link issued " + token.issuedAt() + (token.mailing().isEmpty() ? "" : " for mailing " + clip(token.mailing(), 200))
                + (token.resource().isEmpty() ? "" : " of list " + clip(token.resource(), 200));
        journal.record(new DecisionJournal.Entry(now, "", token.tenantId(), token.recipient(), STAGE,
                Verdict.Kind.SKIP_RECIPIENT, Suppressions.Reason.UNSUBSCRIBE.policyId(), evidence));
        LOG.info("{} unsubscribed from tenant {} {} ({})", token.recipient(), token.tenantId(),
                resource.isEmpty() ? "entirely" : "list " + resource, request.method().source);
        for (Listener listener : listeners) {
            try {
                listener.unsubscribed(token.tenantId(), token.recipient(), resource, now);
            } catch (RuntimeException e) {
                LOG.warn("an unsubscribe listener failed: {}", e.toString());
            }
        }
    }

    private static String clip(String text, int max) {
        String value = text == null ? "" : text.replaceAll("[\\r\\n\\t]", " ");
        return value.length() <= max ? value : value.substring(0, max) + "…";
    }
}
