package io.mailgate.plugin.footer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.mail.util.SharedByteArrayInputStream;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.apache.mailet.base.GenericMailet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import io.mailgate.api.FooterTemplates;
import io.mailgate.api.MailgateAttributes;
import io.mailgate.api.StageVerdicts;
import io.mailgate.api.TenantProfiles;
import io.mailgate.api.UnsubscribeLinks;
import io.mailgate.api.Verdict;

/**
 * The chain stage {@code stage:footer-unsubscribe} (POLICY.md REQ-1 … REQ-6): gives every recipient
 * its own copy of the message, with its own unsubscribe link in a footer (sender identity, consent
 * statement, link) in every body alternative and in the headers {@code List-Unsubscribe} and
 * {@code List-Unsubscribe-Post}; then hands each copy to the processor named by {@code processor},
 * where the rest of the chain (control headers removed, return path, DKIM) runs.
 *
 * <p>Bulk mail is mail to a list: it names a resource or a mailing ({@code X-Mailgate-Resource},
 * {@code X-Mailgate-Mailing}). A tenant whose profile (REQ-4) is incomplete cannot send it: the
 * message is refused, naming the missing fields ({@link CompleteProfileCheck} refuses it at the end
 * of DATA already).
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code processor}: where each recipient's copy goes next (required);</li>
 *   <li>{@code messages}: {@code bulk} (default: list mail gets footer and headers, other mail passes
 *       as it is) or {@code all} (every message of a tenant);</li>
 *   <li>{@code unchangeable}: what to do with a signed or encrypted message, or one whose MIME cannot
 *       be read: {@code deliver} (default: headers only, journaled) or {@code refuse} (REQ-6).</li>
 * </ul>
 * The footer is the tenant's saved template ({@link FooterTemplates}) for the resource and the
 * message's {@code Content-Language} (none: the resource's language), else the tenant's, else the
 * gateway's own in English or Russian. The consent statement (REQ-5) is the template's, else a
 * sentence naming the list and the sender.
 *
 * <pre>{@code
 * <mailet match="All" class="stage:footer-unsubscribe">
 *   <processor>outbound</processor>
 *   <messages>bulk</messages>
 *   <unchangeable>deliver</unchangeable>
 * </mailet>}</pre>
 */
@Component(service = Mailet.class, scope = ServiceScope.PROTOTYPE, property = "mailgate.stage=footer-unsubscribe")
public class AddFooterAndUnsubscribe extends GenericMailet {

    static final String RESOURCE_HEADER = "X-Mailgate-Resource";
    static final String MAILING_HEADER = "X-Mailgate-Mailing";

    private final TenantProfiles profiles;
    private final FooterTemplates templates;
    private final UnsubscribeLinks links;
    private String processor;
    private boolean allMessages;
    private boolean refuseUnchangeable;

    @Activate
    public AddFooterAndUnsubscribe(@Reference TenantProfiles profiles, @Reference FooterTemplates templates,
                                   @Reference UnsubscribeLinks links) {
        this.profiles = profiles;
        this.templates = templates;
        this.links = links;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("processor", "messages", "unchangeable"));
        processor = getInitParameter("processor");
        if (processor == null || processor.isBlank()) {
            throw new MessagingException("stage:footer-unsubscribe: the parameter processor is required (where each"
                    + " recipient's copy goes next, e.g. outbound)");
        }
        allMessages = choice("messages", "bulk", "all").equals("all");
        refuseUnchangeable = choice("unchangeable", "deliver", "refuse").equals("refuse");
    }

    private String choice(String name, String first, String second) throws MessagingException {
        String value = getInitParameter(name, first).strip().toLowerCase(Locale.ROOT);
        if (!value.equals(first) && !value.equals(second)) {
            throw new MessagingException("stage:footer-unsubscribe: " + name + " is " + first + " or " + second
                    + ", not '" + value + "'");
        }
        return value;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String tenantId = MailgateAttributes.tenantId(mail).orElse("");
        MimeMessage message = mail.getMessage();
        String resource = header(message, RESOURCE_HEADER);
        String mailing = header(message, MAILING_HEADER);
        boolean bulk = !resource.isEmpty() || !mailing.isEmpty();
        if (tenantId.isEmpty() || !(bulk || allMessages) || mail.getRecipients().isEmpty()) {
            mail.setState(processor);
            return;
        }
        TenantProfiles.Profile profile = profiles.profile(tenantId).orElse(CompleteProfileCheck.EMPTY);
        if (bulk && !profile.complete()) {
            StageVerdicts.decide(mail, CompleteProfileCheck.refusal(profile));
            return;
        }
        String language = language(message);
        Optional<FooterTemplates.Template> saved = templates.find(tenantId, resource, language);
        String defaultLanguage = language.isEmpty() ? "en" : language;
        FooterTemplate template = saved.map(t -> new FooterTemplate(t.text(), t.html()))
                .orElse(DefaultFooters.forLanguage(defaultLanguage));
        String consent = saved.map(FooterTemplates.Template::consent).filter(text -> !text.isBlank())
                .orElse(DefaultFooters.consent(defaultLanguage, resource, profile.company()));
        SharedByteArrayInputStream original = new SharedByteArrayInputStream(bytes(message));
        List<MailAddress> recipients = List.copyOf(mail.getRecipients());
        FooterInjector.Result result = FooterInjector.Result.INJECTED;
        for (int i = 0; i < recipients.size(); i++) {
            MailAddress recipient = recipients.get(i);
            UnsubscribeLinks.Links issued = links.issue(tenantId, resource, recipient.asString(), mailing);
            Footer footer = template.render(FooterValues.of(profile, resource, consent, issued.url()));
            PersonalizedMessage.Outcome outcome;
            try {
                outcome = PersonalizedMessage.of(original, footer, issued);
            } catch (IOException e) {
                throw new MessagingException("cannot read the message to add its footer: " + e.getMessage(), e);
            }
            result = outcome.result();
            if (result != FooterInjector.Result.INJECTED && refuseUnchangeable) {
                StageVerdicts.decide(mail, Verdict.reject("REQ-6", unchangeableReason(result)
                        + ": refused, the footer cannot be added (unchangeable=refuse)"));
                return;
            }
            // The last recipient keeps the mail itself; every other one gets a copy of its own.
            Mail target = i == recipients.size() - 1 ? mail : mail.duplicate();
            target.setRecipients(List.of(recipient));
            target.setMessage(outcome.message());
            if (target != mail) {
                getMailetContext().sendMail(target, processor);
            }
        }
        if (result != FooterInjector.Result.INJECTED) {
            StageVerdicts.decide(mail, new Verdict(Verdict.Kind.ACCEPT, "REQ-6", unchangeableReason(result)
                    + ": delivered with the List-Unsubscribe headers only, body untouched"));
        }
        mail.setState(processor);
    }

    private static String unchangeableReason(FooterInjector.Result result) {
        return result == FooterInjector.Result.SIGNED ? "signed or encrypted message" : "MIME structure cannot be read";
    }

    private static String header(MimeMessage message, String name) throws MessagingException {
        return Optional.ofNullable(message.getHeader(name, null)).map(String::strip).orElse("");
    }

    private static String language(MimeMessage message) throws MessagingException {
        String value = header(message, "Content-Language");
        return value.isEmpty() ? "" : value.split("[,;]")[0].strip();
    }

    private static byte[] bytes(MimeMessage message) throws MessagingException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, message.getSize()));
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new MessagingException("cannot read the message: " + e.getMessage(), e);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Mailgate footer and one-click unsubscribe stage (REQ-1..REQ-6)";
    }
}
