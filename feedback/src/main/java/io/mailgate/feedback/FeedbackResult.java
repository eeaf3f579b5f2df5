package io.mailgate.feedback;

/**
 * What one inbound feedback message says about one recipient.
 *
 * @param kind         how the message was read: {@code dsn}, {@code mta-text}, {@code arf},
 *                     {@code complaint-text}, {@code auto-reply} or {@code unparseable}
 * @param recipient    the address the report is about ({@code ""} when the message does not name it)
 * @param status       RFC 3463 status code ({@code ""} when none was found)
 * @param replyCode    SMTP reply code ({@code ""} when none was found)
 * @param reason       category (userunknown, mailboxfull, ..., feedback, vacation, delivered, undefined, unparseable)
 * @param hardBounce   the address (or its domain) is gone: suppress it (decided by the reason, see the rule file)
 * @param permanent    the codes say permanent (5xx / 5.x.x); SUP-2 style "5xx" policies may want this instead
 * @param feedbackType ARF Feedback-Type for complaints, else {@code ""}
 * @param diagnostic   the remote server's text, or why the message could not be read
 */
public record FeedbackResult(String kind, String recipient, String status, String replyCode, String reason,
                             boolean hardBounce, boolean permanent, String feedbackType, String diagnostic) {

    public static final String UNPARSEABLE = "unparseable";

    public FeedbackResult {
        kind = nonNull(kind);
        recipient = nonNull(recipient);
        status = nonNull(status);
        replyCode = nonNull(replyCode);
        reason = nonNull(reason);
        feedbackType = nonNull(feedbackType);
        diagnostic = nonNull(diagnostic);
    }

    static FeedbackResult unparseable(String why) {
        return new FeedbackResult(UNPARSEABLE, "", "", "", UNPARSEABLE, false, false, "", "unparseable: " + why);
    }

    public boolean isUnparseable() {
        return UNPARSEABLE.equals(kind);
    }

    public boolean isComplaint() {
        return "feedback".equals(reason);
    }

    /** One JSON object on one line (JSON Lines), keys in a fixed order. */
    public String toJson() {
        return "{" + field("kind", kind) + "," + field("recipient", recipient) + "," + field("status", status)
                + "," + field("replycode", replyCode) + "," + field("reason", reason)
                + ",\"hardbounce\":" + hardBounce + ",\"permanent\":" + permanent
                + "," + field("feedbacktype", feedbackType) + "," + field("diagnostic", diagnostic) + "}";
    }

    private static String field(String name, String value) {
        return "\"" + name + "\":\"" + escape(value) + "\"";
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
