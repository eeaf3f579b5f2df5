package io.mailgate.plugin.footer;

import java.util.List;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.mailgate.api.SmtpCheck;
import io.mailgate.api.TenantProfiles;
import io.mailgate.api.Verdict;

/**
 * Refuses bulk mail (a message naming a resource or a mailing) at the end of DATA while the
 * tenant's profile lacks a field REQ-4 asks for; the reply names them:
 * {@code 550 5.7.1 Message rejected: bulk mail needs a complete sender profile; missing: phone (REQ-4)}.
 */
@Component(service = SmtpCheck.class, property = "mailgate.stage=footer-unsubscribe")
public class CompleteProfileCheck implements SmtpCheck {

    static final TenantProfiles.Profile EMPTY = new TenantProfiles.Profile("", "", "", "", "", "", "");

    private final TenantProfiles profiles;

    @Activate
    public CompleteProfileCheck(@Reference TenantProfiles profiles) {
        this.profiles = profiles;
    }

    static Verdict refusal(TenantProfiles.Profile profile) {
        return Verdict.reject("REQ-4", "bulk mail needs a complete sender profile (PUT /api/v1/tenants/{id}/profile);"
                + " missing: " + String.join(", ", profile.missingFields()));
    }

    @Override
    public Verdict onMessage(Session session, MailAddress sender, List<MailAddress> recipients, MimeMessage message) {
        try {
            boolean bulk = message.getHeader(AddFooterAndUnsubscribe.RESOURCE_HEADER, null) != null
                    || message.getHeader(AddFooterAndUnsubscribe.MAILING_HEADER, null) != null;
            TenantProfiles.Profile profile = profiles.profile(session.tenantId()).orElse(EMPTY);
            return bulk && !profile.complete() ? refusal(profile) : Verdict.accept();
        } catch (MessagingException e) {
            return Verdict.defer("REQ-4", "cannot read the message headers: " + e.getMessage());
        }
    }
}
