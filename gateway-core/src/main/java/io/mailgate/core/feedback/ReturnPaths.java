package io.mailgate.core.feedback;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mailgate.feedback.InvalidVerpTokenException;
import io.mailgate.feedback.VerpCodec;
import io.mailgate.feedback.VerpToken;

/**
 * The gateway's return paths: every delivered message goes out with the envelope sender
 * {@code bounce+<token>@<bounce-domain>} (VERP, the token signed and naming the tenant) and a
 * {@code Feedback-ID: <queue-id>:<tenant-id>:mailgate} header, so that a bounce or a complaint coming
 * back names what it is about, and a forged one is refused.
 */
public final class ReturnPaths {

    private static final Pattern FEEDBACK_ID = Pattern.compile(
            "(?im)^Feedback-ID:\\s*([^:\\s]+):(t[0-9a-f]+):mailgate\\s*$");

    private final VerpCodec codec;
    private final String bounceDomain;
    private final Pattern tokenInText;
    private final Clock clock;

    public ReturnPaths(VerpCodec codec, String bounceDomain, Clock clock) {
        this.codec = codec;
        this.bounceDomain = bounceDomain.toLowerCase(Locale.ROOT);
        this.tokenInText = Pattern.compile("(?i)" + Pattern.quote(VerpCodec.LOCAL_PART_PREFIX) + "([a-z2-7]+)@"
                + Pattern.quote(this.bounceDomain));
        this.clock = clock;
    }

    public String bounceDomain() {
        return bounceDomain;
    }

    /** The envelope sender for a message of this tenant. */
    public String returnPath(String tenantId) {
        return codec.returnPath(new VerpToken(tenantId, 0, Instant.now(clock)), bounceDomain);
    }

    /** The header value that names the message in the reports about it. */
    public static String feedbackId(String queueId, String tenantId) {
        return queueId + ":" + tenantId + ":mailgate";
    }

    /** Whether an address is at the bounce domain (where feedback is received). */
    public boolean isFeedbackAddress(String domain) {
        return domain.toLowerCase(Locale.ROOT).equals(bounceDomain);
    }

    /** Reads a VERP address; the exception says why it is not a valid one of ours. */
    public VerpToken decode(String address) throws InvalidVerpTokenException {
        return codec.decodeAddress(address);
    }

    /**
     * The first valid token found in a report's text (a complaint quotes the original's
     * Return-Path; a bounce may be sent to another address of the bounce domain).
     */
    public Optional<VerpToken> findToken(String text) {
        Matcher matcher = tokenInText.matcher(text);
        while (matcher.find()) {
            try {
                return Optional.of(codec.decode(matcher.group(1)));
            } catch (InvalidVerpTokenException notOurs) {
                // look further
            }
        }
        return Optional.empty();
    }

    /** The queue id that the quoted original's Feedback-ID names, for the tenant given; "" when absent. */
    public static String messageId(String text, String tenantId) {
        Matcher matcher = FEEDBACK_ID.matcher(text);
        while (matcher.find()) {
            if (matcher.group(2).equals(tenantId)) {
                return matcher.group(1);
            }
        }
        return "";
    }
}
