package io.mailgate.feedback;

/**
 * One recipient as a parser found it, before classification.
 *
 * @param fixedReason a reason the format itself decides (feedback, vacation, delivered), else ""
 * @param provider    names of hosts and domains involved, for provider-specific rules
 */
record Finding(String kind, String recipient, String status, String replyCode, String command, String diagnostic,
               String provider, String fixedReason, String feedbackType) {

    static Finding bounce(String kind, String recipient, String status, String replyCode, String command,
                          String diagnostic, String provider) {
        return new Finding(kind, recipient, status, replyCode, command, diagnostic, provider, "", "");
    }
}
