package io.mailgate.core.delivery;

/**
 * What one delivery attempt did for one recipient: the next hop's reply, and what follows from it.
 * {@code relay} names the host that answered (or the one that could not be reached); {@code tls}
 * says whether the session with it was encrypted.
 */
record Outcome(Kind kind, String reply, String relay, boolean tls) {

    enum Kind {
        /** The next hop took the message for this recipient. */
        DELIVERED,
        /** Try again later: a 4xx reply, or no next hop reachable. */
        TEMPORARY,
        /** Give up and tell the sender: a 5xx reply, or a domain that takes no mail. */
        PERMANENT
    }

    static Outcome ofReply(int code, String reply, String relay, boolean tls) {
        Kind kind = code >= 200 && code < 300 ? Kind.DELIVERED : code >= 500 && code < 600 ? Kind.PERMANENT : Kind.TEMPORARY;
        return new Outcome(kind, oneLine(reply), relay, tls);
    }

    static Outcome temporary(String reply, String relay) {
        return new Outcome(Kind.TEMPORARY, oneLine(reply), relay, false);
    }

    static Outcome permanent(String reply, String relay) {
        return new Outcome(Kind.PERMANENT, oneLine(reply), relay, false);
    }

    /** The reply's code (550), or 0 when the reply has none. */
    int code() {
        return codeOf(reply);
    }

    /** The code a reply starts with (550), or 0 when it has none. */
    static int codeOf(String reply) {
        return reply.length() >= 3 && reply.substring(0, 3).chars().allMatch(Character::isDigit)
                ? Integer.parseInt(reply.substring(0, 3)) : 0;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }
}
