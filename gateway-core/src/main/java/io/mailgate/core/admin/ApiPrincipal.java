package io.mailgate.core.admin;

import java.security.Principal;
import java.util.Optional;

/**
 * Who is calling the REST API: a name for the logs, a role, and for tenant roles the tenant the
 * caller is confined to (empty for the admin).
 */
public record ApiPrincipal(String name, Role role, Optional<String> tenantId) implements Principal {

    public static ApiPrincipal admin() {
        return new ApiPrincipal("admin", Role.ADMIN, Optional.empty());
    }

    @Override
    public String getName() {
        return name;
    }
}
