package io.mailgate.core.chain;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a mail waiting in the durable queue while a stage it must pass is missing: the mail goes
 * back to the start of the chain with a delay, and the copy being processed goes no further.
 * The new queue entry is written (and fsynced) before this copy is acknowledged, so a crash in
 * between can repeat the mail, never lose it.
 */
final class StageHold {

    private static final Logger LOGGER = LoggerFactory.getLogger(StageHold.class);

    private final MailetContext context;
    private final Duration delay;

    StageHold(MailetContext context, Duration delay) {
        this.context = context;
        this.delay = delay;
    }

    void hold(Mail mail, String why) throws MessagingException {
        LOGGER.info("{}: held, {}; retry in {}s", mail.getName(), why, delay.toSeconds());
        context.sendMail(mail, Mail.DEFAULT, delay.toMillis(), TimeUnit.MILLISECONDS);
        mail.setState(Mail.GHOST);
    }
}
