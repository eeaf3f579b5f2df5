package io.mailgate.core.feedback;

import java.util.List;

import org.apache.james.protocols.lib.handler.HandlersPackage;

import io.mailgate.core.smtp.MailgateHandlers;

/**
 * The handler chain of the feedback listener (bounces, DSNs, complaints): plain SMTP without AUTH,
 * recipients only at the bounce domain, and each message read and applied before the 250 instead of
 * being queued.
 */
public final class FeedbackHandlers implements HandlersPackage {

    private static final List<String> HANDLERS = MailgateHandlers.chain(List.of(), List.of(FeedbackRcptHook.class),
            List.of(FeedbackMessageHook.class));

    @Override
    public List<String> getHandlers() {
        return HANDLERS;
    }
}
