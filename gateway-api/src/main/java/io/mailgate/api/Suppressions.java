package io.mailgate.api;

import java.time.Instant;
import java.util.Optional;

/**
 * The suppression lists (POLICY.md SUP-1 … SUP-4), as plugins read and feed them (an OSGi
 * service). A lookup answers from memory when the address is on no list, which is the common case.
 *
 * <p>Scopes, narrowest last: gateway-wide (tenant and resource empty: non-existent addresses, spam
 * traps), per tenant (resource empty), per tenant resource (a list or stream, named by the
 * {@code X-Mailgate-Resource} header).
 */
public interface Suppressions {

    /** Why an address is suppressed, with the policy rule behind it. */
    enum Reason {
        UNSUBSCRIBE("SUP-1"), HARD_BOUNCE("SUP-2"), COMPLAINT("SUP-3"), TRAP("SUP-4"), ROLE_ACCOUNT("SUP-5"), MANUAL("SUP-1");

        private final String policyId;

        Reason(String policyId) {
            this.policyId = policyId;
        }

        public String policyId() {
            return policyId;
        }

        /** As people read it in replies and the journal: "hard bounce". */
        public String words() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * One suppressed address in one scope.
     *
     * @param tenantId  empty for the gateway-wide lists
     * @param resource  empty unless the entry is for one resource of the tenant
     * @param address   normalized: lower case, domain in punycode
     * @param source    where it came from ("rest", "import", "dsn", "arf", "unsubscribe-link" …)
     * @param messageId the message that caused it, or empty
     */
    record Entry(String tenantId, String resource, String address, Reason reason, String source, Instant at,
                 String messageId) {
    }

    /**
     * The entry that keeps {@code address} from getting this tenant's mail: gateway-wide first,
     * then the tenant's, then the resource's (when {@code resource} is not empty).
     */
    Optional<Entry> find(String tenantId, String resource, String address);

    /** Adds (or replaces) an entry: for inbound feedback and unsubscribe links. */
    void add(Entry entry);
}
