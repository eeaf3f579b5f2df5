package io.mailgate.api;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Where content screening keeps its rules, the tenants' approvals for CON-2 topics and the audit
 * of every change (an OSGi service of the gateway, in its database). Approvals are served from
 * memory: {@link #approved} costs a map lookup.
 */
public interface ContentRuleStore {

    /** One change: who, when, what ("rule casino-en", "approval t1 gambling"), the value before and after (JSON, "" for none). */
    record Change(long id, Instant time, String actor, String subject, String before, String after) {
    }

    List<ContentRules.Rule> rules();

    /** Stores the rules as given (already checked) and audits each one that changed, in one transaction. */
    void save(List<ContentRules.Rule> upserted, List<String> deleted, String actor);

    boolean approved(String tenantId, String category);

    Set<String> approvals(String tenantId);

    /** False when it was already so. */
    boolean approve(String tenantId, String category, String actor);

    boolean revoke(String tenantId, String category, String actor);

    /** Newest first; {@code subjectPrefix} "" for all. */
    List<Change> changes(String subjectPrefix, int limit);
}
