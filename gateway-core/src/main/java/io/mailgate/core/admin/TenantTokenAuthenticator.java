package io.mailgate.core.admin;

import java.util.Optional;

import io.mailgate.core.store.TenantTokenStore;

/** Tenant tokens as API callers: the token's role, confined to its tenant. */
public final class TenantTokenAuthenticator implements TokenAuthenticator {

    private final TenantTokenStore tokens;

    public TenantTokenAuthenticator(TenantTokenStore tokens) {
        this.tokens = tokens;
    }

    @Override
    public Optional<ApiPrincipal> authenticate(String token) {
        // Looked up by the token's SHA-256: the time taken says nothing about the token itself.
        return tokens.authenticate(token).flatMap(found -> Role.ofApiName(found.role())
                .map(role -> new ApiPrincipal("tenant " + found.tenantId() + " token " + found.id(), role,
                        Optional.of(found.tenantId()))));
    }
}
