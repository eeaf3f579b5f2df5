package io.mailgate.core.smtp;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;

import io.mailgate.api.TenantDirectory;
import io.mailgate.core.metrics.GatewayMetrics;

/**
 * Who may relay (POLICY.md AUTH-1, REP-3). A client relays only as a tenant: authenticated, or
 * connecting from one of a tenant's source networks; anyone else gets {@code 554 5.7.1 Relay
 * access denied} at RCPT, as Postfix answers. A suspended or disabled tenant is refused at MAIL
 * FROM with the reason: a suspended one with {@code smtp.suspended-status} ({@code 554 5.7.1}, or
 * {@code 451 4.7.1} so that the tenant's own queue holds its mail), a disabled one always with 5.7.1. %-hack and bang-path recipients are never relayed. Then the plugins'
 * SMTP checks have their say ({@link SessionChecks}).
 */
public final class RelayAccessHook implements MailHook, RcptHook {

    private final TenantIdentifier identifier;
    private final TenantDirectory directory;
    private final SessionChecks checks;
    private final GatewayMetrics metrics;
    private final int maxRecipients;
    private final boolean suspendedIsTemporary;

    @Inject
    public RelayAccessHook(TenantIdentifier identifier, TenantDirectory directory, SessionChecks checks,
                           GatewayMetrics metrics, @Named("smtp.max-recipients") int maxRecipients,
                           @Named("smtp.suspended-status") String suspendedStatus) {
        this.suspendedIsTemporary = suspendedStatus.startsWith("4");
        this.identifier = identifier;
        this.directory = directory;
        this.checks = checks;
        this.metrics = metrics;
        this.maxRecipients = maxRecipients;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        Optional<String> tenantId = tenantOf(session);
        if (tenantId.isEmpty()) {
            return HookResult.DECLINED;
        }
        String subject = "<" + sender.asString() + ">: Sender address rejected: ";
        Optional<TenantDirectory.Tenant> tenant = directory.find(tenantId.get());
        if (tenant.isEmpty()) {
            metrics.rejected("unknown_tenant");
            return Replies.reject("554", "5.7.1", subject + "unknown tenant (AUTH-1)");
        }
        switch (tenant.get().status()) {
            case SUSPENDED -> {
                metrics.rejected("tenant_suspended");
                String text = subject + "tenant suspended: " + tenant.get().statusReason() + " (REP-3)";
                return suspendedIsTemporary ? Replies.defer("451", "4.7.1", text) : Replies.reject("554", "5.7.1", text);
            }
            case DISABLED -> {
                metrics.rejected("tenant_disabled");
                return Replies.reject("554", "5.7.1", subject + "tenant disabled: " + tenant.get().statusReason() + " (REP-3)");
            }
            case ACTIVE -> {
            }
        }
        MailAddress address = sender.asOptional().orElse(null);
        return checks.run(SessionChecks.Step.MAIL_FROM, session, tenantId.get(), "", "", subject,
                (check, checkSession) -> check.onMailFrom(checkSession, address));
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        Optional<String> tenantId = tenantOf(session);
        if (tenantId.isEmpty()) {
            metrics.rejected("relay_denied");
            return Replies.reject("554", "5.7.1", "<" + rcpt.asString() + ">: Relay access denied");
        }
        String subject = "<" + rcpt.asString() + ">: Recipient address rejected: ";
        String localPart = rcpt.getLocalPart();
        if (localPart.contains("%") || localPart.contains("!") || localPart.contains("@")) {
            metrics.rejected("relay_denied");
            return Replies.reject("554", "5.7.1", subject + "routing in the local part is not relayed (AUTH-1)");
        }
        List<MailAddress> recipients = session.getAttachment(SMTPSession.RCPT_LIST, ProtocolSession.State.Transaction)
                .orElse(List.of());
        if (recipients.size() >= maxRecipients) {
            metrics.rejected("too_many_recipients");
            return Replies.defer("452", "4.5.3", "Error: too many recipients");
        }
        return checks.run(SessionChecks.Step.RCPT_TO, session, tenantId.get(), "", rcpt.asString(), subject,
                (check, checkSession) -> check.onRecipient(checkSession, sender.asOptional().orElse(null), rcpt));
    }

    /** The session's tenant: named by AUTH, else by the client's source network (remembered). */
    private Optional<String> tenantOf(SMTPSession session) {
        Optional<String> known = SessionTenant.get(session);
        if (known.isPresent()) {
            return known;
        }
        Optional<String> byNetwork = identifier.tenantForAddress(session.getRemoteAddress().getAddress());
        byNetwork.ifPresent(id -> SessionTenant.set(session, id));
        return byNetwork;
    }
}
