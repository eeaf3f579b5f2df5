package io.mailgate.core.reputation;

import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.api.TenantProfiles;

/**
 * Tells a tenant by email, to the contact address of its profile (REQ-4), as the gateway's own
 * mail from the postmaster: it enters the chain as mail of no tenant, so it goes straight to
 * delivery. The mailet context arrives once James has started ({@link #start}); until then, and
 * for a tenant with no contact email, the notice is only logged.
 */
public final class MailNotices implements TenantNotices {

    private static final Logger LOG = LoggerFactory.getLogger(MailNotices.class);

    private final TenantProfiles profiles;
    private volatile MailetContext context;

    public MailNotices(TenantProfiles profiles) {
        this.profiles = profiles;
    }

    public void start(MailetContext context) {
        this.context = context;
    }

    @Override
    public void tell(String tenantId, String subject, String text) {
        String contact = profiles.profile(tenantId).map(TenantProfiles.Profile::contactEmail).orElse("");
        MailetContext mailer = context;
        if (contact.isBlank() || mailer == null) {
            LOG.warn("tenant {} not told by email ({}): {}", tenantId,
                    contact.isBlank() ? "its profile has no contact email" : "mail is not running yet", subject);
            return;
        }
        try {
            MailAddress postmaster = mailer.getPostmaster();
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setFrom(new InternetAddress(postmaster.asString(), "Mail gateway"));
            message.setRecipients(MimeMessage.RecipientType.TO, contact);
            message.setSubject(subject.length() > 200 ? subject.substring(0, 199) + "…" : subject, "UTF-8");
            message.setText(text, "UTF-8");
            message.setHeader("Auto-Submitted", "auto-generated");
            message.saveChanges();
            mailer.sendMail(postmaster, List.of(new MailAddress(contact)), message);
            LOG.info("tenant {} told by email at {}: {}", tenantId, contact, subject);
        } catch (Exception e) {
            LOG.warn("tenant {} could not be told by email at {} ({}): {}", tenantId, contact, e.toString(), subject);
        }
    }
}
