package io.mailgate.feedback;

/** A VERP token that must not be trusted, with the reason. */
public final class InvalidVerpTokenException extends Exception {

    /** Why a token was refused. */
    public enum Reason {
        /** Not a return path of ours: no "bounce+" local part, or characters outside the alphabet. */
        MALFORMED,
        /** Shorter than a whole token: cut by a mailer, or the wrong part of an address. */
        TRUNCATED,
        /** The signature does not match: altered, made up, or signed with another key. */
        FORGED,
        /** Signed by us, but older than the maximum age (or issued in the future beyond the clock skew). */
        EXPIRED
    }

    private final Reason reason;

    InvalidVerpTokenException(Reason reason, String detail) {
        super(reason.name().toLowerCase(java.util.Locale.ROOT) + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
