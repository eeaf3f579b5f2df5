package io.mailgate.feedback;

/**
 * What a classification looks at for one recipient.
 *
 * @param status     RFC 3463 code or ""
 * @param replyCode  SMTP reply code or ""
 * @param command    the SMTP command the remote answered (MAIL, RCPT, DATA, CONN for the greeting) or ""
 * @param text       the diagnostic text (remote reply, bounce wording)
 * @param provider   host and domain names that say who answered: recipient domain, Remote-MTA, Reporting-MTA, bounce sender
 */
record Evidence(String status, String replyCode, String command, String text, String provider) {
}
