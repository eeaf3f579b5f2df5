package io.mailgate.mailauth.spf;

import java.util.List;

/**
 * The DNS queries SPF needs, and only those: the evaluator's one way out to the network. Production
 * uses {@link DnsjavaSpfDns}; tests serve records from memory.
 *
 * <p>An answer is the list of records of the type at the name; it is empty both when the name does
 * not exist (NXDOMAIN, RCODE 3) and when it has no records of that type (NODATA): RFC 7208 treats the
 * two alike (a "void lookup", section 4.6.4). Anything else that keeps DNS from answering (timeout,
 * SERVFAIL, any other RCODE, a CNAME loop) is a {@link DnsFailure}, which the evaluator turns into
 * {@code temperror} where RFC 7208 says so.
 */
public interface SpfDns {

    /** The record types SPF queries. Type SPF (99) is not among them: RFC 7208 section 3.1 retired it. */
    enum Type { A, AAAA, MX, PTR, TXT }

    /**
     * The records of {@code type} at {@code name} (an absolute name, with or without the final dot),
     * CNAMEs followed:
     * <ul>
     *   <li>{@code A}, {@code AAAA}: the addresses in text form ({@code 192.0.2.1}, {@code 2001:db8::1});</li>
     *   <li>{@code MX}: the exchange host names, {@code PTR}: the target names, without the final dot;</li>
     *   <li>{@code TXT}: one string per record, its character-strings joined without separator (RFC 7208
     *       section 3.3), each byte as one char (ISO-8859-1), so that non-ASCII text stays visible.</li>
     * </ul>
     *
     * @return the records, in the order DNS gave them; empty when there are none
     * @throws DnsFailure when DNS gave no usable answer
     */
    List<String> lookup(String name, Type type) throws DnsFailure;

    /** DNS could not answer: a timeout, a server failure or another error RCODE. */
    final class DnsFailure extends Exception {
        public DnsFailure(String message) {
            super(message);
        }
    }
}
