package io.mailgate.core.smtp;

import java.util.Optional;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;

/** The tenant of an SMTP session, once AUTH or the client's source network has named it. */
final class SessionTenant {

    private static final ProtocolSession.AttachmentKey<String> KEY =
            ProtocolSession.AttachmentKey.of("mailgate.tenant", String.class);

    private SessionTenant() {
    }

    static void set(SMTPSession session, String tenantId) {
        session.setAttachment(KEY, tenantId, ProtocolSession.State.Connection);
    }

    static Optional<String> get(SMTPSession session) {
        return session.getAttachment(KEY, ProtocolSession.State.Connection);
    }
}
