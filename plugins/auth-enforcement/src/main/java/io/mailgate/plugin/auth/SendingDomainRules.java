package io.mailgate.plugin.auth;

import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;

import io.mailgate.api.SendingDomains;
import io.mailgate.api.SendingDomains.SendingDomain;
import io.mailgate.api.Verdict;

/**
 * AUTH-2 and DMARC alignment, decided the same way at SMTP time and in the chain: the envelope
 * sender and the From domain must each be covered by a verified sending domain of the tenant,
 * and the From domain must align with the domain that will sign it (the covering domain; the
 * dkim-sign stage picks the same one).
 *
 * <p>Alignment: the signing domain is the From domain or a parent of it, so relaxed alignment
 * always holds; under {@code adkim=s} only the exact domain aligns, so a From of
 * {@code news.example.com} signed as {@code example.com} would fail DMARC and is refused here,
 * before it is sent.
 *
 * <p>Only {@link SendingDomains} lookups (memory): no DNS, no database.
 */
final class SendingDomainRules {

    static final String AUTHENTICATED = "AUTH-1";
    static final String SENDING_DOMAIN = "AUTH-2";
    static final String DMARC_ALIGNMENT = "AUTH-5";

    /** The verdict on the From, and the From domain for AUTH-7 when it passed. */
    record FromVerdict(Verdict verdict, String fromDomain) {
    }

    private final SendingDomains sendingDomains;

    SendingDomainRules(SendingDomains sendingDomains) {
        this.sendingDomains = sendingDomains;
    }

    /** The null reverse-path ({@code sender == null}) passes: bounces have no sender domain, the From still counts. */
    Verdict envelopeSender(String tenantId, MailAddress sender) {
        if (tenantId == null) {
            return noTenant();
        }
        if (sender == null) {
            return Verdict.accept();
        }
        String written = sender.getDomain().asString();
        String domain = FromDomain.normalized(written);
        if (domain == null) {
            return Verdict.reject(SENDING_DOMAIN, "the envelope sender domain " + written + " is not a domain name");
        }
        Optional<String> problem = notSendable(tenantId, domain);
        return problem.map(p -> Verdict.reject(SENDING_DOMAIN, "the envelope sender domain " + p)).orElse(Verdict.accept());
    }

    FromVerdict from(String tenantId, MimeMessage message) throws MessagingException {
        if (tenantId == null) {
            return new FromVerdict(noTenant(), null);
        }
        FromDomain from = FromDomain.of(message);
        if (!from.ok()) {
            return new FromVerdict(Verdict.reject(SENDING_DOMAIN, from.problem()), null);
        }
        String domain = from.domain();
        Optional<SendingDomain> covering = sendingDomains.covering(tenantId, domain);
        Optional<String> problem = notSendable(domain, covering);
        if (problem.isPresent()) {
            return new FromVerdict(Verdict.reject(SENDING_DOMAIN, "the From domain " + problem.get()), null);
        }
        SendingDomain signing = covering.get();
        if (signing.strictDkimAlignment() && !signing.domain().equals(domain)) {
            return new FromVerdict(Verdict.reject(DMARC_ALIGNMENT, "the From domain " + domain
                    + " does not align with " + signing.domain() + ", the domain that signs it: the DMARC record of "
                    + signing.domain() + " asks for strict DKIM alignment (adkim=s); send as " + signing.domain()
                    + " or add " + domain + " as a sending domain"), null);
        }
        return new FromVerdict(Verdict.accept(), domain);
    }

    private Optional<String> notSendable(String tenantId, String domain) {
        return notSendable(domain, sendingDomains.covering(tenantId, domain));
    }

    /** Why mail may not be sent as {@code domain}, completing "the ... domain ": empty when it may. */
    private static Optional<String> notSendable(String domain, Optional<SendingDomain> covering) {
        if (covering.isEmpty()) {
            return Optional.of(domain + " is not a sending domain of this tenant");
        }
        SendingDomain sending = covering.get();
        if (sending.verified()) {
            return Optional.empty();
        }
        String why = sending.reason() == null || sending.reason().isBlank() ? "its verification has not passed yet" : sending.reason();
        String which = sending.domain().equals(domain) ? domain : domain + " belongs to " + sending.domain() + ", and "
                + sending.domain();
        return Optional.of(which + " is not verified: " + why);
    }

    private static Verdict noTenant() {
        // The gateway refuses unauthenticated sessions before any check; fail closed if one gets here.
        return Verdict.reject(AUTHENTICATED, "the session has no authenticated tenant");
    }
}
