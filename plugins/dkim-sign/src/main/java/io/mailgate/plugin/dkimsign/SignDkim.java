package io.mailgate.plugin.dkimsign;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.apache.mailet.base.GenericMailet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.api.MailgateAttributes;
import io.mailgate.api.SendingDomains;
import io.mailgate.api.SendingDomains.DkimKey;
import io.mailgate.api.SendingDomains.SendingDomain;
import io.mailgate.api.StageVerdicts;
import io.mailgate.api.Verdict;

/**
 * The chain stage {@code stage:dkim-sign}: DKIM-signs every message (RFC 6376, policy AUTH-4) as
 * the tenant's sending domain that covers its From domain, with every key that domain has: in
 * practice RSA-SHA256 and Ed25519-SHA256 (RFC 8463), so that receivers that know Ed25519 get a
 * short strong key and the others still find an RSA signature they can verify.
 *
 * <p>It must be the last stage of the chain, after every change to the message (AUTH-4), right
 * before delivery: any change after it breaks the signatures.
 *
 * <p>Input: a mail in the chain with its tenant ({@link MailgateAttributes#TENANT_ID}); the keys
 * come from the {@link SendingDomains} service: the signing domain ({@code d=}) is the tenant's
 * verified sending domain that covers the From domain (the domain itself or its nearest parent,
 * the one auth-enforcement checked DMARC alignment against).
 *
 * <p>Output: the same message with one DKIM-Signature header field per key on top (RSA first),
 * relaxed/relaxed, covering From (over-signed: named twice in {@code h=}), To, Cc, Subject,
 * Date, Message-ID, MIME-Version, Content-Type, List-Unsubscribe, List-Unsubscribe-Post (REQ-2)
 * and Reply-To where present. Nothing else in the message changes: the stage writes the message
 * out, signs exactly those bytes, puts the signature fields in front of them, and checks that
 * the mail's new message writes out as exactly these bytes; if it does not, the stage throws (the
 * mail goes to the error processor) rather than let it leave with signatures that fail.
 *
 * <p>A message it cannot sign gets a REJECT verdict with policy AUTH-4 and the reason, and is
 * left unchanged: no From, several From fields or addresses, a From domain that no verified
 * sending domain of the tenant covers, a covering domain without keys, or a key that cannot sign
 * (neither RSA nor Ed25519, an RSA key under 2048 bits, an invalid selector).
 *
 * <p>No parameters; any {@code <init-param>} fails {@code init()}. In
 * {@code conf/mailetcontainer.xml}, last before delivery:
 * <pre>{@code
 * <mailet match="All" class="stage:dkim-sign"/>
 * }</pre>
 *
 * <p>Registered as a prototype-scoped {@link Mailet} service with {@code mailgate.stage=dkim-sign},
 * only while {@link SendingDomains} is there (mandatory reference): without it the gateway holds
 * the mail rather than send it unsigned.
 */
@Component(service = Mailet.class, scope = ServiceScope.PROTOTYPE, property = "mailgate.stage=dkim-sign")
public class SignDkim extends GenericMailet {

    static final String POLICY = "AUTH-4";

    private static final Logger LOGGER = LoggerFactory.getLogger(SignDkim.class);
    private static final String STAGE = "stage:dkim-sign";
    private static final int MIN_RSA_BITS = 2048;
    private static final Pattern SELECTOR = Pattern.compile(
            "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*", Pattern.CASE_INSENSITIVE);

    private final SendingDomains sendingDomains;
    private final Clock clock;

    @Activate
    public SignDkim(@Reference SendingDomains sendingDomains) {
        this(sendingDomains, Clock.systemUTC());
    }

    /** For tests: the clock gives the signatures' {@code t=}. */
    SignDkim(SendingDomains sendingDomains, Clock clock) {
        this.sendingDomains = sendingDomains;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        RawMessage raw = RawMessage.of(written(message));
        Keys keys = keysFor(tenantOf(mail), raw);
        if (keys.refusal() != null) {
            LOGGER.debug("{}: not DKIM-signed: {}", mail.getName(), keys.refusal());
            StageVerdicts.decide(mail, Verdict.reject(POLICY, keys.refusal()));
            return;
        }
        List<String> signatures;
        try {
            signatures = DkimSigner.sign(raw, keys.signing(), clock.instant());
        } catch (GeneralSecurityException e) {
            throw new MessagingException(STAGE + ": cannot sign " + mail.getName() + " with " + keys.signing() + ": "
                    + e.getMessage(), e);
        }
        byte[] signed = withFieldsOnTop(signatures, raw.bytes());
        mail.setMessage(new MimeMessage(sessionOf(message), new ByteArrayInputStream(signed)));
        if (!Arrays.equals(written(mail.getMessage()), signed)) {
            throw new MessagingException(STAGE + ": " + mail.getName() + " would not be sent as it was signed "
                    + "(the message writes out differently once parsed); not passing it on with signatures that fail");
        }
    }

    @Override
    public String getMailetInfo() {
        return "Mailgate DKIM signing stage: every key of the tenant's sending domain that covers the From domain";
    }

    /** What a message is signed with (RSA first), or why it cannot be signed. */
    private record Keys(List<SigningKey> signing, String refusal) {

        static Keys refused(String refusal) {
            return new Keys(List.of(), refusal);
        }
    }

    private Keys keysFor(String tenantId, RawMessage raw) {
        if (tenantId == null) {
            return Keys.refused("cannot DKIM-sign: the mail carries no tenant, so no sending domain to sign as");
        }
        List<String> froms = raw.fields("From");
        if (froms.size() != 1) {
            return Keys.refused("cannot DKIM-sign: " + (froms.isEmpty() ? "the message has no From field"
                    : "the message has " + froms.size() + " From fields; exactly one is allowed"));
        }
        // The header's raw bytes are UTF-8 where they are not ASCII (RFC 6532).
        String value = new String(RawMessage.valueOf(froms.get(0)).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        InternetAddress[] addresses;
        try {
            addresses = InternetAddress.parseHeader(value.replace("\r\n", ""), false);
        } catch (AddressException e) {
            return Keys.refused("cannot DKIM-sign: the From field does not parse: " + e.getMessage());
        }
        if (addresses.length != 1) {
            return Keys.refused("cannot DKIM-sign: the From field has " + addresses.length + " addresses; exactly one is allowed");
        }
        String address = addresses[0].getAddress();
        if (address == null || address.indexOf('@') < 0) {
            return Keys.refused("cannot DKIM-sign: the From address " + address + " has no domain");
        }
        String fromDomain = domainOf(address);
        Optional<SendingDomain> covering = sendingDomains.covering(tenantId, fromDomain);
        if (covering.isEmpty()) {
            return Keys.refused("cannot DKIM-sign: the From domain " + fromDomain + " is not a sending domain of this tenant");
        }
        SendingDomain domain = covering.get();
        if (!domain.verified()) {
            return Keys.refused("cannot DKIM-sign as " + domain.domain() + ": it is not verified"
                    + (domain.reason() == null || domain.reason().isBlank() ? "" : ": " + domain.reason()));
        }
        if (domain.keys() == null || domain.keys().isEmpty()) {
            return Keys.refused("cannot DKIM-sign as " + domain.domain() + ": it has no DKIM key");
        }
        List<SigningKey> signing = new ArrayList<>();
        for (DkimKey key : domain.keys()) {
            Optional<String> unusable = unusable(domain.domain(), key);
            if (unusable.isPresent()) {
                return Keys.refused(unusable.get());
            }
            signing.add(new SigningKey(domain.domain(), key.selector(), key.privateKey()));
        }
        signing.sort(Comparator.comparing(SigningKey::algorithm));
        return new Keys(signing, null);
    }

    /** Why this key cannot sign for {@code domain}: a refusal beats a signature that fails or a weak one. */
    private static Optional<String> unusable(String domain, DkimKey key) {
        String which = "the DKIM key " + key.selector() + "._domainkey." + domain;
        if (key.selector() == null || !SELECTOR.matcher(key.selector()).matches()) {
            return Optional.of("cannot DKIM-sign as " + domain + ": the selector '" + key.selector() + "' is not a DNS name");
        }
        if (key.privateKey() == null) {
            return Optional.of("cannot DKIM-sign as " + domain + ": " + which + " has no private key");
        }
        Optional<DkimAlgorithm> algorithm = DkimAlgorithm.forKey(key.privateKey());
        if (algorithm.isEmpty()) {
            return Optional.of("cannot DKIM-sign as " + domain + ": " + which + " is neither RSA nor Ed25519 but "
                    + key.privateKey().getAlgorithm());
        }
        if (key.algorithm() != null && !algorithm.get().tag().equalsIgnoreCase(key.algorithm())) {
            return Optional.of("cannot DKIM-sign as " + domain + ": " + which + " is said to be " + key.algorithm()
                    + " but its key signs " + algorithm.get().tag());
        }
        if (key.privateKey() instanceof RSAPrivateKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            return Optional.of("cannot DKIM-sign as " + domain + ": " + which + " has " + rsa.getModulus().bitLength()
                    + " bits; DKIM keys here have at least " + MIN_RSA_BITS);
        }
        return Optional.empty();
    }

    private static String tenantOf(Mail mail) {
        return MailgateAttributes.tenantId(mail).orElse(null);
    }

    private static String domainOf(String address) {
        String domainPart = address.substring(address.lastIndexOf('@') + 1);
        try {
            return IDN.toASCII(domainPart, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return domainPart.toLowerCase(Locale.ROOT);
        }
    }

    private static byte[] written(MimeMessage message) throws MessagingException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(message.getSize(), 0) + 4096);
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new MessagingException(STAGE + ": cannot write the message out", e);
        }
    }

    private static byte[] withFieldsOnTop(List<String> fields, byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 1024);
        for (String field : fields) {
            out.writeBytes((field + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(message);
        return out.toByteArray();
    }

    private static Session sessionOf(MimeMessage message) {
        Session session = message.getSession();
        return session != null ? session : Session.getInstance(new Properties());
    }
}
