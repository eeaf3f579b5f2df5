package io.mailgate.mailauth.dkim;

import java.util.List;

import io.mailgate.mailauth.spf.SpfDns;

/**
 * Where the verifier gets key records: the TXT records at {@code <selector>._domainkey.<domain>}.
 * Production asks DNS ({@link #over(SpfDns)}, the same dnsjava resolver SPF uses); tests give keys
 * from memory.
 */
@FunctionalInterface
public interface DkimKeyDns {

    /**
     * The TXT records at {@code name}, each one's strings joined without separator (RFC 6376,
     * section 3.6.2.2); empty when the name or its TXT records do not exist.
     *
     * @throws SpfDns.DnsFailure when DNS gave no usable answer (timeout, SERVFAIL)
     */
    List<String> txt(String name) throws SpfDns.DnsFailure;

    /** The TXT lookups of an SPF DNS port, e.g. {@code DnsjavaSpfDns}: one resolver setting for both. */
    static DkimKeyDns over(SpfDns dns) {
        return name -> dns.lookup(name, SpfDns.Type.TXT);
    }
}
