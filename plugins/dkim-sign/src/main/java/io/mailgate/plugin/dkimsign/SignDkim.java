package io.mailgate.plugin.dkimsign;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.util.Arrays;
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
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain stage {@code stage:dkim-sign}: DKIM-signs every message of the gateway's domain
 * (RFC 6376) twice, with RSA-SHA256 and with Ed25519-SHA256 (RFC 8463): receivers that know
 * Ed25519 get a short strong key, the others still find an RSA signature they can verify
 * (policy AUTH-4; REQ-2 wants List-Unsubscribe and List-Unsubscribe-Post covered).
 *
 * <p>It must be the last stage of the chain, after every change to the message (AUTH-4), right
 * before delivery: any change after it breaks the signatures.
 *
 * <p>Input: a mail in the chain. Output: the same message with two DKIM-Signature header fields
 * on top (RSA first), relaxed/relaxed, covering From (over-signed: named twice in {@code h=}),
 * To, Cc, Subject, Date, Message-ID, MIME-Version, Content-Type, List-Unsubscribe,
 * List-Unsubscribe-Post and Reply-To where present. Nothing else in the message changes: the
 * stage writes the message out, signs exactly those bytes, puts the signature fields in front of
 * them, and checks that the mail's new message writes out as exactly these bytes; if it does
 * not, the stage throws (the mail goes to the error processor) rather than let it leave with
 * signatures that fail. No verdict: the stage accepts every message.
 *
 * <p>Messages left unsigned and unchanged: those whose From domain is neither {@code domain} nor
 * a subdomain of it, and those with no From field, more than one, or one that does not parse.
 * They are logged at DEBUG; journaling them is for the core, later.
 *
 * <p>Parameters (mailet {@code <init-param>}s, all required; any other parameter fails
 * {@code init()}):
 * <ul>
 *   <li>{@code domain}: the signing domain ({@code d=}), e.g. {@code example.com} (an
 *       internationalized name in its xn-- form); messages whose From is in it or in a subdomain
 *       of it are signed.</li>
 *   <li>{@code rsa-selector}: the selector ({@code s=}) of the RSA signature: the domain publishes
 *       {@code v=DKIM1; k=rsa; p=...} at {@code <rsa-selector>._domainkey.<domain>}.</li>
 *   <li>{@code rsa-key}: path of the RSA private key, at least 2048 bits, unencrypted PKCS#8 PEM
 *       ({@code openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048}).</li>
 *   <li>{@code ed25519-selector}: the selector of the Ed25519 signature, not the RSA one (one DNS
 *       name holds one key): {@code v=DKIM1; k=ed25519; p=...} at
 *       {@code <ed25519-selector>._domainkey.<domain>}.</li>
 *   <li>{@code ed25519-key}: path of the Ed25519 private key, unencrypted PKCS#8 PEM
 *       ({@code openssl genpkey -algorithm ED25519}).</li>
 * </ul>
 * A missing or invalid parameter (not a domain name, unreadable file, wrong key type, RSA key
 * under 2048 bits) fails {@code init()} with a {@link MessagingException} that names it. Keys
 * come from files for now; the signer takes (domain, selector, key) per message, so that a
 * per-tenant key store can take their place.
 *
 * <p>Example, in {@code conf/mailetcontainer.xml}, last before delivery:
 * <pre>{@code
 * <mailet match="All" class="stage:dkim-sign">
 *     <domain>example.com</domain>
 *     <rsa-selector>mg2026r</rsa-selector>
 *     <rsa-key>/etc/mailgate/dkim/example.com.rsa.pem</rsa-key>
 *     <ed25519-selector>mg2026e</ed25519-selector>
 *     <ed25519-key>/etc/mailgate/dkim/example.com.ed25519.pem</ed25519-key>
 * </mailet>
 * }</pre>
 *
 * <p>Registered as a prototype-scoped {@link Mailet} service with {@code mailgate.stage=dkim-sign}.
 */
@Component(service = Mailet.class, scope = ServiceScope.PROTOTYPE, property = "mailgate.stage=dkim-sign")
public class SignDkim extends GenericMailet {

    static final String DOMAIN = "domain";
    static final String RSA_SELECTOR = "rsa-selector";
    static final String RSA_KEY = "rsa-key";
    static final String ED25519_SELECTOR = "ed25519-selector";
    static final String ED25519_KEY = "ed25519-key";

    private static final Logger LOGGER = LoggerFactory.getLogger(SignDkim.class);
    private static final String STAGE = "stage:dkim-sign";
    private static final int MIN_RSA_BITS = 2048;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?", Pattern.CASE_INSENSITIVE);

    private final Clock clock;
    private String domain;
    private List<SigningKey> keys;

    public SignDkim() {
        this(Clock.systemUTC());
    }

    /** For tests: the clock gives the signatures' {@code t=}. */
    SignDkim(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of(DOMAIN, RSA_SELECTOR, RSA_KEY, ED25519_SELECTOR, ED25519_KEY));
        domain = name(DOMAIN, "the signing domain, e.g. example.com", 2).toLowerCase(Locale.ROOT);
        String rsaSelector = name(RSA_SELECTOR, "the selector of the RSA key", 1);
        String ed25519Selector = name(ED25519_SELECTOR, "the selector of the Ed25519 key", 1);
        if (rsaSelector.equalsIgnoreCase(ed25519Selector)) {
            throw new MessagingException(STAGE + ": the init-param '" + ED25519_SELECTOR + "' must differ from '"
                    + RSA_SELECTOR + "' (" + rsaSelector + "): one DNS name publishes one key");
        }
        PrivateKey rsa = key(RSA_KEY, "RSA");
        int bits = ((RSAPrivateKey) rsa).getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw new MessagingException(STAGE + ": the init-param '" + RSA_KEY + "' names a " + bits
                    + "-bit RSA key; DKIM keys here have at least " + MIN_RSA_BITS + " bits");
        }
        PrivateKey ed25519 = key(ED25519_KEY, "Ed25519");
        keys = List.of(new SigningKey(domain, rsaSelector, rsa), new SigningKey(domain, ed25519Selector, ed25519));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        RawMessage raw = RawMessage.of(written(message));
        Optional<String> unsigned = reasonNotToSign(raw);
        if (unsigned.isPresent()) {
            LOGGER.debug("{}: not DKIM-signed: {}", mail.getName(), unsigned.get());
            return;
        }
        List<String> signatures;
        try {
            signatures = DkimSigner.sign(raw, keys, clock.instant());
        } catch (GeneralSecurityException e) {
            throw new MessagingException(STAGE + ": cannot sign " + mail.getName() + ": " + e.getMessage(), e);
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
        return "Mailgate DKIM signing stage: RSA-SHA256 and Ed25519-SHA256 for " + domain;
    }

    private Optional<String> reasonNotToSign(RawMessage raw) {
        List<String> froms = raw.fields("From");
        if (froms.size() != 1) {
            return Optional.of(froms.isEmpty() ? "no From field" : froms.size() + " From fields");
        }
        // The header's raw bytes are UTF-8 where they are not ASCII (RFC 6532).
        String value = new String(RawMessage.valueOf(froms.get(0)).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        InternetAddress[] addresses;
        try {
            addresses = InternetAddress.parseHeader(value.replace("\r\n", ""), false);
        } catch (AddressException e) {
            return Optional.of("the From field does not parse: " + e.getMessage());
        }
        if (addresses.length == 0) {
            return Optional.of("the From field has no address");
        }
        for (InternetAddress address : addresses) {
            if (address.getAddress() == null || address.getAddress().indexOf('@') < 0) {
                return Optional.of("the From address " + address.getAddress() + " has no domain");
            }
            String fromDomain = domainOf(address.getAddress());
            if (!fromDomain.equals(domain) && !fromDomain.endsWith("." + domain)) {
                return Optional.of("From domain " + fromDomain + " is not " + domain + " nor a subdomain of it");
            }
        }
        return Optional.empty();
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

    /** A domain name or selector: dot-separated labels of letters, digits and inner hyphens. */
    private String name(String param, String what, int minLabels) throws MessagingException {
        String value = getInitParameter(param);
        if (value == null || value.isBlank()) {
            throw new MessagingException(STAGE + ": the init-param '" + param + "' (" + what + ") is required");
        }
        value = value.strip();
        String[] labels = value.split("\\.", -1);
        boolean valid = labels.length >= minLabels && value.length() <= 253;
        for (String label : labels) {
            valid &= LABEL.matcher(label).matches();
        }
        if (!valid) {
            throw new MessagingException(STAGE + ": the init-param '" + param + "' is not a valid "
                    + (minLabels > 1 ? "domain name" : "selector") + ": '" + value + "' (" + what + ")");
        }
        return value;
    }

    private PrivateKey key(String param, String algorithm) throws MessagingException {
        String path = getInitParameter(param);
        if (path == null || path.isBlank()) {
            throw new MessagingException(STAGE + ": the init-param '" + param + "' (path of the " + algorithm
                    + " private key, PKCS#8 PEM) is required");
        }
        try {
            return PemPrivateKey.read(Path.of(path.strip()), algorithm);
        } catch (IOException e) {
            throw new MessagingException(STAGE + ": the init-param '" + param + "': cannot read " + path + ": " + e, e);
        } catch (IllegalArgumentException e) {
            throw new MessagingException(STAGE + ": the init-param '" + param + "': " + e.getMessage(), e);
        }
    }
}
