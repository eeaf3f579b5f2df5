package io.mailgate.core.chain;

import java.util.Set;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * The first mailet of the root processor: while any stage named in the chain is missing, a mail
 * waits in the queue before any stage has touched it, so that no stage runs twice on a held mail
 * and nothing bypasses a missing stage. Takes no parameters.
 *
 * <pre>{@code <mailet match="All" class="HoldUntilStagesPresent"/>}</pre>
 */
final class HoldUntilStagesPresent extends GenericMailet {

    private final StageRegistry registry;
    private final StageHold hold;

    HoldUntilStagesPresent(StageRegistry registry, StageHold hold) {
        this.registry = registry;
        this.hold = hold;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Set<String> missing = registry.missingStages();
        if (!missing.isEmpty()) {
            hold.hold(mail, "stages not available: " + String.join(", ", missing));
        }
    }
}
