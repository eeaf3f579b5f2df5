package io.mailgate.core.quarantine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;

import io.mailgate.api.DecisionJournal;
import io.mailgate.api.MailgateAttributes;
import io.mailgate.api.Verdict;
import io.mailgate.core.chain.Release;
import io.mailgate.core.store.StoreException;

/**
 * The quarantine (the chain's {@code quarantine} processor writes to {@value #URL} under the
 * home): messages a stage held for review, listed, read, released or deleted by an admin. A
 * released message goes back to the spool and continues through the chain after the stage that
 * held it ({@link Release}); it is queued before it leaves the quarantine, so a crash between the
 * two can repeat a release but never lose the message. Releases and deletions are journaled.
 */
public final class Quarantine {

    public static final String URL = "file://mail/quarantine/";

    /** One held message, as the API shows it. */
    public record Held(String id, String tenant, String sender, List<String> recipients, String subject, String reason,
                       String stage, Instant received, long size) {
    }

    private final MailRepositoryStore repositories;
    private final MailetContext context;
    private final DecisionJournal journal;
    private final Clock clock;

    public Quarantine(MailRepositoryStore repositories, MailetContext context, DecisionJournal journal, Clock clock) {
        this.repositories = repositories;
        this.context = context;
        this.journal = journal;
        this.clock = clock;
    }

    public List<Held> list(int limit) {
        List<Held> held = new ArrayList<>();
        try {
            Iterator<MailKey> keys = repository().list();
            while (keys.hasNext() && held.size() < limit) {
                get(keys.next().asString()).ifPresent(held::add);
            }
        } catch (MessagingException e) {
            throw new StoreException("cannot list the quarantine: " + e.getMessage(), e);
        }
        return held;
    }

    /** How many messages are held now. */
    public long size() {
        try {
            return repository().size();
        } catch (MessagingException e) {
            throw new StoreException("cannot count the quarantine: " + e.getMessage(), e);
        }
    }

    public Optional<Held> get(String id) {
        return retrieve(id).map(Quarantine::held);
    }

    /** The message as it was held, headers and body. */
    public Optional<byte[]> raw(String id) {
        Optional<Mail> mail = retrieve(id);
        if (mail.isEmpty()) {
            return Optional.empty();
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            mail.get().getMessage().writeTo(out);
            return Optional.of(out.toByteArray());
        } catch (MessagingException | IOException e) {
            throw new StoreException("cannot read quarantined message " + id + ": " + e.getMessage(), e);
        }
    }

    /** Sends the message on after the stage that held it; false when there is no such message. */
    public synchronized boolean release(String id, String actor) {
        Optional<Mail> found = retrieve(id);
        if (found.isEmpty()) {
            return false;
        }
        Mail mail = found.get();
        try {
            Held held = held(mail);
            if (!Release.markReleased(mail)) {
                throw new StoreException("quarantined message " + id + " does not name the stage that held it", null);
            }
            mail.setErrorMessage(null);
            context.sendMail(mail, Mail.DEFAULT);
            repository().remove(MailKey.forMail(mail));
            record(held, Verdict.Kind.ACCEPT, "released from the quarantine by " + actor);
        } catch (MessagingException e) {
            throw new StoreException("cannot release quarantined message " + id + ": " + e.getMessage(), e);
        }
        return true;
    }

    public synchronized boolean delete(String id, String actor) {
        Optional<Mail> found = retrieve(id);
        if (found.isEmpty()) {
            return false;
        }
        try {
            repository().remove(new MailKey(id));
        } catch (MessagingException e) {
            throw new StoreException("cannot delete quarantined message " + id + ": " + e.getMessage(), e);
        }
        record(held(found.get()), Verdict.Kind.REJECT, "deleted from the quarantine by " + actor);
        return true;
    }

    private void record(Held held, Verdict.Kind kind, String reason) {
        journal.record(new DecisionJournal.Entry(clock.instant(), held.id(), held.tenant(), "", "quarantine", kind,
                policyOf(held.reason()), reason));
    }

    /** "held for review … (CON-2)" gives CON-2. */
    private static String policyOf(String reason) {
        int open = reason.lastIndexOf('(');
        return open >= 0 && reason.endsWith(")") ? reason.substring(open + 1, reason.length() - 1) : "";
    }

    private Optional<Mail> retrieve(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(repository().retrieve(new MailKey(id)));
        } catch (MessagingException e) {
            throw new StoreException("cannot read quarantined message " + id + ": " + e.getMessage(), e);
        }
    }

    private MailRepository repository() {
        try {
            return repositories.select(MailRepositoryUrl.from(URL));
        } catch (MailRepositoryStore.MailRepositoryStoreException e) {
            throw new StoreException("cannot open the quarantine " + URL + ": " + e.getMessage(), e);
        }
    }

    private static Held held(Mail mail) {
        String subject;
        long size;
        try {
            subject = mail.getMessage().getSubject();
            size = mail.getMessageSize();
        } catch (MessagingException e) {
            subject = "";
            size = -1;
        }
        return new Held(mail.getName(),
                mail.getAttribute(MailgateAttributes.TENANT_ID).map(a -> String.valueOf(a.getValue().value())).orElse(""),
                mail.getMaybeSender().asString(""),
                mail.getRecipients().stream().map(MailAddress::asString).toList(),
                subject == null ? "" : subject,
                mail.getErrorMessage() == null ? "" : mail.getErrorMessage(),
                mail.getAttribute(Release.QUARANTINED_BY).map(a -> String.valueOf(a.getValue().value())).orElse(""),
                mail.getLastUpdated() == null ? null : mail.getLastUpdated().toInstant(),
                size);
    }
}
