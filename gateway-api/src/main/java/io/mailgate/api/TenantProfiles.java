package io.mailgate.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tenants' public identity (POLICY.md REQ-4), as a plugin may read it (an OSGi service): what a
 * footer shows and where the gateway writes to the tenant. Lookups are served from memory.
 */
public interface TenantProfiles {

    /** What a tenant says it is. A blank field is one the tenant has not given. */
    record Profile(String company, String address, String registerName, String registrationNumber, String phone,
                   String contactEmail, String contactUrl) {

        /**
         * The fields REQ-4 asks for that are blank, by their API names; a contact is either an email
         * address or a contact form, so that pair is one entry.
         */
        public List<String> missingFields() {
            List<String> missing = new ArrayList<>();
            if (company.isBlank()) {
                missing.add("company");
            }
            if (address.isBlank()) {
                missing.add("address");
            }
            if (registerName.isBlank()) {
                missing.add("registerName");
            }
            if (registrationNumber.isBlank()) {
                missing.add("registrationNumber");
            }
            if (phone.isBlank()) {
                missing.add("phone");
            }
            if (contactEmail.isBlank() && contactUrl.isBlank()) {
                missing.add("contactEmail or contactUrl");
            }
            return missing;
        }

        public boolean complete() {
            return missingFields().isEmpty();
        }
    }

    /** The tenant's profile; empty when it has none (which counts as every field missing). */
    Optional<Profile> profile(String tenantId);
}
