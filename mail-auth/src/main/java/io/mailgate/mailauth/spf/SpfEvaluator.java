package io.mailgate.mailauth.spf;

/**
 * Evaluates SPF (RFC 7208) for one SMTP transaction: is the client IP allowed to send mail for the
 * envelope sender's domain (or, with an empty MAIL FROM, for the HELO domain)?
 *
 * <p>It is an interface of ours, not a library's, so that the stage, {@code mailgatectl spf} and the
 * conformance test call one thing, whatever evaluates the records behind it.
 */
public interface SpfEvaluator {

    /**
     * Runs {@code check_host()} (RFC 7208 section 4) for the MAIL FROM identity, or for the HELO
     * identity when {@code mailFrom} is empty (section 2.4).
     *
     * @param ip the SMTP client's address, IPv4 dotted quad or IPv6 text form
     * @param mailFrom the envelope sender (RFC 5321 MAIL FROM) without angle brackets; empty for the
     *     null reverse path; a sender without a local part ({@code @example.com}) is checked as
     *     {@code postmaster@example.com}
     * @param helo the HELO/EHLO argument as the client sent it
     * @return the result and its explanation (see {@link SpfResult}); never {@code null}. DNS
     *     trouble is a {@code temperror} result, never an exception.
     */
    SpfResult evaluate(String ip, String mailFrom, String helo);
}
