package io.mailgate.core.reputation;

/** Tells a tenant about its reputation cases (REP-3): by email to its profile contact. */
public interface TenantNotices {

    TenantNotices NONE = (tenantId, subject, text) -> { };

    /** Sends, or logs why it cannot; never throws. */
    void tell(String tenantId, String subject, String text);
}
