package io.mailgate.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.james.core.MailAddress;

/**
 * How a chain stage (a mailet) hands its verdicts to the gateway. Inside {@code service(Mail)} a
 * stage calls {@link #decide(Mail, Verdict)} for the whole message or {@link #decide(Mail,
 * MailAddress, Verdict)} for one recipient; when the stage returns, the gateway journals each
 * verdict and applies it (drops the recipient, bounces, holds or defers the message). A stage that
 * decides nothing has accepted.
 */
public final class StageVerdicts {

    /** Verdicts travel as a list of strings so that the attribute stays plain and serializable. */
    static final AttributeName ATTRIBUTE = AttributeName.of("mailgate.stage-verdicts");
    private static final char SEP = '\u001f';

    /** One verdict, for the whole message when {@code recipient} is empty. */
    public record Decision(Optional<MailAddress> recipient, Verdict verdict) {
    }

    private StageVerdicts() {
    }

    public static void decide(Mail mail, Verdict verdict) {
        add(mail, "", verdict);
    }

    public static void decide(Mail mail, MailAddress recipient, Verdict verdict) {
        add(mail, recipient.asString(), verdict);
    }

    /** Reads and removes the verdicts a stage left on the mail. For the gateway, not for stages. */
    public static List<Decision> take(Mail mail) {
        List<Decision> decisions = new ArrayList<>();
        for (String encoded : encoded(mail)) {
            String[] parts = encoded.split(String.valueOf(SEP), -1);
            Optional<MailAddress> recipient = parts[0].isEmpty() ? Optional.empty() : Optional.of(parse(parts[0]));
            decisions.add(new Decision(recipient, new Verdict(Verdict.Kind.valueOf(parts[1]), parts[2], parts[3])));
        }
        mail.removeAttribute(ATTRIBUTE);
        return decisions;
    }

    private static void add(Mail mail, String recipient, Verdict verdict) {
        List<String> all = new ArrayList<>(encoded(mail));
        all.add(recipient + SEP + verdict.kind().name() + SEP + verdict.policyId() + SEP + verdict.reason());
        mail.setAttribute(new Attribute(ATTRIBUTE,
                AttributeValue.of(all.stream().map(AttributeValue::of).collect(Collectors.toList()))));
    }

    private static List<String> encoded(Mail mail) {
        return mail.getAttribute(ATTRIBUTE)
                .map(attribute -> ((List<?>) attribute.getValue().value()).stream()
                        .map(value -> (String) ((AttributeValue<?>) value).value())
                        .collect(Collectors.toList()))
                .orElse(List.of());
    }

    private static MailAddress parse(String address) {
        try {
            return new MailAddress(address);
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalStateException("a verdict names an invalid recipient: " + address, e);
        }
    }
}
