package io.mailgate.core.unsubscribe;

import java.util.Locale;

import io.mailgate.api.UnsubscribeLinks;
import io.mailgate.feedback.InvalidVerpTokenException;
import io.mailgate.feedback.UnsubscribeToken;
import io.mailgate.feedback.UnsubscribeTokenCodec;

/**
 * The gateway's unsubscribe links (REQ-1 … REQ-3), offered to the footer stage as
 * {@link UnsubscribeLinks}: {@code <public.base-url>/u/<token>} and
 * {@code mailto:unsubscribe@<bounce domain>?subject=unsubscribe%20<token>}, and read back by the
 * public endpoint and the feedback listener.
 */
public final class UnsubscribeLinkService implements UnsubscribeLinks {

    private final UnsubscribeTokenCodec codec;
    private final java.util.function.Supplier<String> baseUrl;
    private final String bounceDomain;

    /** @param baseUrl where the public endpoint is reached from outside, such as {@code https://u.example.com} */
    public UnsubscribeLinkService(UnsubscribeTokenCodec codec, java.util.function.Supplier<String> baseUrl, String bounceDomain) {
        this.codec = codec;
        this.baseUrl = baseUrl;
        this.bounceDomain = bounceDomain.toLowerCase(Locale.ROOT);
    }

    @Override
    public Links issue(String tenantId, String resource, String recipient, String mailing) {
        String token = codec.encode(tenantId, resource, recipient, mailing);
        String base = baseUrl.get();
        return new Links((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/u/" + token, codec.mailto(token, bounceDomain));
    }

    /** Checks a token of a link. */
    public UnsubscribeToken read(String token) throws InvalidVerpTokenException {
        return codec.decode(token);
    }

    /** Whether {@code localPart} is the mailto link's {@code unsubscribe}, whose token is in the subject. */
    public static boolean isUnsubscribeMailbox(String localPart) {
        return localPart.equalsIgnoreCase(UnsubscribeTokenCodec.LOCAL_PART);
    }

    /** Checks the token in the subject of a mail to {@code unsubscribe@}. */
    public UnsubscribeToken readSubject(String subject) throws InvalidVerpTokenException {
        return codec.decodeSubject(subject);
    }

    /** Whether {@code localPart} is the first form's {@code unsubscribe+<token>}. */
    public static boolean isUnsubscribeAddress(String localPart) {
        return localPart.toLowerCase(Locale.ROOT).startsWith(UnsubscribeTokenCodec.LOCAL_PART_PREFIX);
    }

    /** Checks the token of a first-form {@code unsubscribe+<token>@…} address. */
    public UnsubscribeToken readAddress(String address) throws InvalidVerpTokenException {
        return codec.decodeAddress(address);
    }
}
