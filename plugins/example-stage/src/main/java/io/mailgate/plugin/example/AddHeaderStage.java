package io.mailgate.plugin.example;

import java.io.UnsupportedEncodingException;
import java.util.Set;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.apache.mailet.base.GenericMailet;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The example chain stage {@code stage:example}: adds one header to every message it sees. It is
 * the smallest complete Mailgate plugin, the one to copy when writing a new stage.
 *
 * <p>Input: a mail in the chain. Output: the same mail with the header added (the message is
 * saved); no verdict, so the stage accepts every message.
 *
 * <p>Parameters (mailet {@code <init-param>}s; any other parameter fails {@code init()}):
 * <ul>
 *   <li>{@code name} (required, no default): the header name, RFC 5322 field-name characters
 *       only (printable US-ASCII without the colon), e.g. {@code X-Mailgate-Example}.</li>
 *   <li>{@code value} (required, no default): the header value, not empty, one line (no CR or
 *       LF). Non-ASCII text is written as an RFC 2047 encoded word in UTF-8.</li>
 * </ul>
 * A missing or invalid parameter fails {@code init()} with a {@link MessagingException} that names
 * it, so the gateway does not start with a half-configured chain.
 *
 * <p>Example, in {@code conf/mailetcontainer.xml}:
 * <pre>{@code
 * <mailet match="All" class="stage:example">
 *     <name>X-Mailgate-Example</name>
 *     <value>passed</value>
 * </mailet>
 * }</pre>
 *
 * <p>Registered as a prototype-scoped {@link Mailet} service with {@code mailgate.stage=example}:
 * the gateway gets a fresh instance for each place in the chain that names {@code stage:example}.
 */
@Component(service = Mailet.class, scope = ServiceScope.PROTOTYPE, property = "mailgate.stage=example")
public class AddHeaderStage extends GenericMailet {

    static final String NAME = "name";
    static final String VALUE = "value";

    private String headerName;
    private String headerValue;

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of(NAME, VALUE));
        headerName = validName(getInitParameter(NAME));
        headerValue = encodedValue(getInitParameter(VALUE), headerName);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        message.addHeader(headerName, headerValue);
        message.saveChanges();
    }

    @Override
    public String getMailetInfo() {
        return "Mailgate example stage: adds the header " + headerName;
    }

    private static String validName(String name) throws MessagingException {
        if (name == null || name.isEmpty()) {
            throw new MessagingException("stage:example: the init-param '" + NAME + "' (the header name) is required");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126 || c == ':') {
                throw new MessagingException("stage:example: the init-param '" + NAME + "' is not a valid header name: '"
                        + name + "' (printable US-ASCII without ':' or spaces)");
            }
        }
        return name;
    }

    private static String encodedValue(String value, String name) throws MessagingException {
        if (value == null || value.isEmpty()) {
            throw new MessagingException("stage:example: the init-param '" + VALUE + "' (the header value) is required");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new MessagingException("stage:example: the init-param '" + VALUE + "' must be one line (no CR or LF)");
        }
        try {
            return MimeUtility.fold(name.length() + 2, MimeUtility.encodeText(value, "UTF-8", null));
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("stage:example: cannot encode the init-param '" + VALUE + "'", e);
        }
    }
}
