package io.mailgate.core.admin;

import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Requires {@code Authorization: Bearer <token>} on everything under {@code /api/}, before routing,
 * so that an unauthenticated caller learns nothing about which routes exist. The caller becomes the
 * request's {@link SecurityContext} principal (an {@link ApiPrincipal}); {@code @RolesAllowed} on the
 * resources then decides what it may do. {@code /health} and {@code /metrics} stay open: they are
 * for monitoring and the server listens on loopback by default.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
final class BearerAuthFilter implements ContainerRequestFilter {

    private static final String REALM = "Bearer realm=\"mailgate\"";

    private final List<TokenAuthenticator> authenticators;

    BearerAuthFilter(List<TokenAuthenticator> authenticators) {
        this.authenticators = List.copyOf(authenticators);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!(path.equals("api") || path.startsWith("api/"))) {
            return;
        }
        Optional<String> token = bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token.isEmpty()) {
            refuse(request, REALM, "send the admin token as 'Authorization: Bearer <token>'; "
                    + "it is in the file admin.token in the gateway's home directory");
            return;
        }
        Optional<ApiPrincipal> caller = authenticators.stream()
                .map(authenticator -> authenticator.authenticate(token.get()))
                .flatMap(Optional::stream)
                .findFirst();
        if (caller.isEmpty()) {
            refuse(request, REALM + ", error=\"invalid_token\"", "the bearer token is not valid; "
                    + "use the one in the file admin.token in the gateway's home directory");
            return;
        }
        request.setSecurityContext(new CallerContext(caller.get(), request.getSecurityContext().isSecure()));
    }

    private static Optional<String> bearer(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return Optional.empty();
        }
        String token = value.substring(space + 1).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    private static void refuse(ContainerRequestContext request, String challenge, String detail) {
        Problem problem = Problem.of(ProblemType.UNAUTHORIZED, detail);
        ProblemMapper.log(problem, request.getMethod(), request.getUriInfo().getRequestUri().getRawPath(), null);
        request.abortWith(Response.status(problem.status())
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build());
    }

    private record CallerContext(ApiPrincipal caller, boolean secure) implements SecurityContext {

        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.role().apiName().equals(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
