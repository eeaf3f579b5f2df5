package io.mailgate.plugin.content;

import io.mailgate.api.ContentRules.Screening;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.mailgate.api.SmtpCheck;
import io.mailgate.api.Verdict;

/**
 * The end-of-DATA answer of content screening: a message the rules refuse (CON-1, CON-3, CON-5)
 * gets 550 5.7.1 naming the category and the rule, a blocklist that does not answer gives 450
 * 4.7.1. What the rules only hold for review (CON-2, CON-4) is accepted here and quarantined by
 * the chain stage, which takes this screening when it is provably for the same message, tenant,
 * rules and settings, and screens again otherwise (fail closed; {@link ContentScreening}). Until
 * the stage has configured the rules, every message is deferred.
 */
@Component(service = SmtpCheck.class, property = "mailgate.stage=content-screening")
public class ContentCheck implements SmtpCheck {


    private final ContentScreening screening;

    @Activate
    public ContentCheck(@Reference ContentScreening screening) {
        this.screening = screening;
    }

    @Override
    public Verdict onMessage(Session session, MailAddress sender, List<MailAddress> recipients, MimeMessage message) {
        ContentScreener screener = screening.screener().orElse(null);
        if (screener == null) {
            return Verdict.defer("CON-1", "content screening is starting; try again later");
        }
        Screening result = screening.screenAtData(screener, message, session.tenantId());
        return switch (result.verdict().kind()) {
            case REJECT, DEFER -> result.verdict();
            default -> Verdict.accept();
        };
    }
}
