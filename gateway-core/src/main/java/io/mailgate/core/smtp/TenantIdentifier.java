package io.mailgate.core.smtp;

import java.net.InetAddress;
import java.util.Optional;

/** How the SMTP side learns which tenant a client is: by its credentials or by its address. */
public interface TenantIdentifier {

    /** The tenant whose SMTP credentials these are; deliberately slow (a salted slow hash). */
    Optional<String> authenticate(String username, String password);

    /** The tenant one of whose source networks holds this address. */
    Optional<String> tenantForAddress(InetAddress address);
}
