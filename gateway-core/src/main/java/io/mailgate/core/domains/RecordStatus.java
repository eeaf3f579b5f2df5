package io.mailgate.core.domains;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** What the last check found for one DNS record of a sending domain. */
public enum RecordStatus {
    /** Published as the gateway needs it. */
    OK,
    /** Not published at all. */
    MISSING,
    /** Published, but not as the gateway needs it (another key, an SPF record without our IPs …). */
    WRONG,
    /** Usable, but not what the policy recommends (DMARC p=none, no MX for abuse@). Does not block. */
    WARNING,
    /** DNS did not answer (timeout, SERVFAIL, a malformed reply): checked again later. */
    TEMPERROR,
    /** Not checked yet. */
    UNCHECKED;

    /** Whether this status lets the domain count as verified. */
    boolean acceptable() {
        return this == OK || this == WARNING;
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RecordStatus parse(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
