package io.mailgate.core.admin;

import java.util.Optional;

/**
 * Turns a bearer token into a caller. The admin token is one implementation; tenant tokens from a
 * store will be another, tried in turn.
 */
@FunctionalInterface
public interface TokenAuthenticator {

    /** The caller this token stands for, or empty when it stands for nobody. Must not leak timing. */
    Optional<ApiPrincipal> authenticate(String token);
}
