package io.mailgate.mailauth.spf;

/**
 * What one SPF check is about (RFC 7208 section 4.1): the client address and the identity, plus
 * the values the macros need that do not change during the check.
 *
 * @param ip the client address, 4 or 16 bytes (an IPv4-mapped address is already 4)
 * @param localPart the sender's local part, {@code postmaster} when it had none
 * @param senderDomain the domain of the checked identity (MAIL FROM or HELO), {@code %{o}}
 * @param helo the HELO/EHLO argument, {@code %{h}}
 * @param receiver the name of the checking host, {@code %{r}}
 * @param epochSeconds the time of the check, {@code %{t}}
 */
record SpfRequest(byte[] ip, String localPart, String senderDomain, String helo, String receiver, long epochSeconds) {

    /** {@code %{s}}: the checked identity as an address. */
    String sender() {
        return localPart + "@" + senderDomain;
    }
}
