package io.mailgate.core.smtp;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mailgate.core.metrics.GatewayMetrics;

/**
 * SMTP AUTH (PLAIN and LOGIN) against the tenants' credentials (POLICY.md AUTH-1). AUTH is refused
 * before TLS ({@code 530 5.7.0}); repeated failures from one client address or for one username
 * lock further attempts out for a while ({@code 454 4.7.0}).
 */
public final class TenantAuthHook implements AuthHook {

    private static final Logger LOGGER = LoggerFactory.getLogger(TenantAuthHook.class);

    private final TenantIdentifier tenants;
    private final AuthFailures failures;
    private final GatewayMetrics metrics;

    @Inject
    public TenantAuthHook(TenantIdentifier tenants, AuthFailures failures, GatewayMetrics metrics) {
        this.tenants = tenants;
        this.failures = failures;
        this.metrics = metrics;
    }

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        String client = session.getRemoteAddress().getAddress().getHostAddress();
        if (!session.isTLSStarted()) {
            metrics.rejected("auth_without_tls");
            return Replies.reject("530", "5.7.0", "Must issue a STARTTLS command first");
        }
        String user = username.asString();
        if (failures.isLockedOut(client, user)) {
            LOGGER.warn("AUTH locked out: client={} sasl_username={}", client, user);
            metrics.rejected("auth_lockout");
            return Replies.defer("454", "4.7.0", "Too many failed authentications; try again later");
        }
        return tenants.authenticate(user, password)
                .map(tenantId -> {
                    failures.succeeded(client, user);
                    SessionTenant.set(session, tenantId);
                    session.setUsername(username);
                    session.setRelayingAllowed(true);
                    LOGGER.info("client={} sasl_method=AUTH sasl_username={} tenant={}", client, user, tenantId);
                    return HookResult.builder()
                            .hookReturnCode(org.apache.james.protocols.smtp.hook.HookReturnCode.ok())
                            .smtpDescription("2.7.0 Authentication successful")
                            .build();
                })
                .orElseGet(() -> {
                    failures.failed(client, user);
                    metrics.rejected("auth_failed");
                    LOGGER.warn("client={} sasl_username={}: SASL authentication failed", client, user);
                    return Replies.reject("535", "5.7.8", "Error: authentication failed");
                });
    }

    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String initialResponse) {
        return HookResult.DECLINED;
    }
}
