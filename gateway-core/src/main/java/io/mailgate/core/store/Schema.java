package io.mailgate.core.store;

import java.util.List;

/**
 * The gateway's schema, as the ordered list of {@link Migration}s that builds it. Append new
 * steps at the end; never edit one that has shipped.
 *
 * <p>The journal's indexes run newest first, because every journal query reads newest first.
 *
 * <p>Times are {@code TIMESTAMP}s written and read in UTC. Names and ids are compared exactly;
 * domains are stored lower-cased and CIDRs in canonical form, so that equal things are equal
 * strings.
 */
public final class Schema {

    public static final List<Migration> MIGRATIONS = List.of(
            Migration.of(1, "tenants, SMTP credentials, source networks, sending domains",
                    """
                    CREATE TABLE tenant (
                        id VARCHAR(64) NOT NULL PRIMARY KEY,
                        name VARCHAR(200) NOT NULL,
                        status VARCHAR(16) NOT NULL,
                        status_reason VARCHAR(1000) NOT NULL,
                        created_at TIMESTAMP NOT NULL)""",
                    """
                    CREATE TABLE smtp_credential (
                        username VARCHAR(254) NOT NULL PRIMARY KEY,
                        tenant_id VARCHAR(64) NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
                        password_hash VARCHAR(200) NOT NULL,
                        created_at TIMESTAMP NOT NULL)""",
                    "CREATE INDEX smtp_credential_tenant ON smtp_credential (tenant_id)",
                    """
                    CREATE TABLE source_network (
                        cidr VARCHAR(64) NOT NULL PRIMARY KEY,
                        tenant_id VARCHAR(64) NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
                        created_at TIMESTAMP NOT NULL)""",
                    "CREATE INDEX source_network_tenant ON source_network (tenant_id)",
                    """
                    CREATE TABLE sending_domain (
                        tenant_id VARCHAR(64) NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
                        domain VARCHAR(253) NOT NULL,
                        created_at TIMESTAMP NOT NULL,
                        PRIMARY KEY (tenant_id, domain))"""),
            Migration.of(2, "decision journal",
                    """
                    CREATE TABLE decision (
                        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        decided_at TIMESTAMP NOT NULL,
                        message_id VARCHAR(500) NOT NULL,
                        tenant_id VARCHAR(64) NOT NULL,
                        recipient VARCHAR(320) NOT NULL,
                        stage VARCHAR(100) NOT NULL,
                        verdict VARCHAR(16) NOT NULL,
                        policy_id VARCHAR(32) NOT NULL,
                        reason VARCHAR(2000) NOT NULL)""",
                    "CREATE INDEX decision_newest ON decision (id DESC)",
                    "CREATE INDEX decision_tenant ON decision (tenant_id, id DESC)",
                    "CREATE INDEX decision_message ON decision (message_id, id DESC)",
                    "CREATE INDEX decision_recipient ON decision (recipient, id DESC)"),
            Migration.of(3, "sending domain onboarding: ownership token, verification state, attestation,"
                            + " DKIM keys (private keys sealed with the master key), per-record check results",
                    "ALTER TABLE sending_domain ADD COLUMN ownership_token VARCHAR(64) NOT NULL DEFAULT ''",
                    "ALTER TABLE sending_domain ADD COLUMN verified BOOLEAN NOT NULL DEFAULT FALSE",
                    "ALTER TABLE sending_domain ADD COLUMN verified_reason VARCHAR(2000) NOT NULL DEFAULT ''",
                    "ALTER TABLE sending_domain ADD COLUMN strict_dkim BOOLEAN NOT NULL DEFAULT FALSE",
                    "ALTER TABLE sending_domain ADD COLUMN checked_at TIMESTAMP",
                    "ALTER TABLE sending_domain ADD COLUMN attestation_note VARCHAR(1000)",
                    "ALTER TABLE sending_domain ADD COLUMN attested_at TIMESTAMP",
                    """
                    CREATE TABLE dkim_key (
                        tenant_id VARCHAR(64) NOT NULL,
                        domain VARCHAR(253) NOT NULL,
                        selector VARCHAR(63) NOT NULL,
                        algorithm VARCHAR(32) NOT NULL,
                        public_key VARCHAR(1000) NOT NULL,
                        private_key_sealed VARCHAR(4000) NOT NULL,
                        created_at TIMESTAMP NOT NULL,
                        PRIMARY KEY (tenant_id, domain, selector),
                        FOREIGN KEY (tenant_id, domain) REFERENCES sending_domain (tenant_id, domain) ON DELETE CASCADE)""",
                    """
                    CREATE TABLE domain_record_check (
                        tenant_id VARCHAR(64) NOT NULL,
                        domain VARCHAR(253) NOT NULL,
                        kind VARCHAR(100) NOT NULL,
                        status VARCHAR(16) NOT NULL,
                        reason VARCHAR(2000) NOT NULL,
                        PRIMARY KEY (tenant_id, domain, kind),
                        FOREIGN KEY (tenant_id, domain) REFERENCES sending_domain (tenant_id, domain) ON DELETE CASCADE)"""),
            Migration.of(4, "suppression lists",
                    """
                    CREATE TABLE suppression (
                        tenant_id VARCHAR(64) NOT NULL,
                        resource VARCHAR(200) NOT NULL,
                        address VARCHAR(320) NOT NULL,
                        address_hash BIGINT NOT NULL,
                        reason VARCHAR(16) NOT NULL,
                        source VARCHAR(100) NOT NULL,
                        created_at TIMESTAMP NOT NULL,
                        message_id VARCHAR(500) NOT NULL,
                        PRIMARY KEY (tenant_id, resource, address))""",
                    // Loading the memory index at start reads this index only, not the rows.
                    "CREATE INDEX suppression_hash ON suppression (address_hash)"),
            Migration.of(5, "sending policies, frequency cap counters, tenant API tokens",
                    """
                    CREATE TABLE sending_policy (
                        id VARCHAR(64) NOT NULL PRIMARY KEY,
                        tenant_id VARCHAR(64) NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
                        scope VARCHAR(16) NOT NULL,
                        target VARCHAR(200) NOT NULL,
                        kinds VARCHAR(200) NOT NULL,
                        max_messages INT NOT NULL,
                        period_days INT NOT NULL,
                        access_groups VARCHAR(4000) NOT NULL,
                        created_at TIMESTAMP NOT NULL,
                        updated_at TIMESTAMP NOT NULL,
                        UNIQUE (tenant_id, scope, target))""",
                    // One row per counted key, as memory holds it: the key's 64-bit hash, the UTC day of
                    // its last count and 16 four-bit day counts; nothing readable about the recipient.
                    """
                    CREATE TABLE cap_counter (
                        key_hash BIGINT NOT NULL PRIMARY KEY,
                        last_day INT NOT NULL,
                        day_counts BIGINT NOT NULL)""",
                    "CREATE INDEX cap_counter_day ON cap_counter (last_day)",
                    """
                    CREATE TABLE tenant_token (
                        id VARCHAR(64) NOT NULL PRIMARY KEY,
                        tenant_id VARCHAR(64) NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
                        role VARCHAR(16) NOT NULL,
                        token_hash CHAR(64) NOT NULL UNIQUE,
                        created_at TIMESTAMP NOT NULL)""",
                    "CREATE INDEX tenant_token_tenant ON tenant_token (tenant_id)"),
            Migration.of(6, "tenant profiles: the identity a footer shows and the contact the gateway writes to",
                    """
                    CREATE TABLE tenant_profile (
                        tenant_id VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES tenant (id) ON DELETE CASCADE,
                        company VARCHAR(200) NOT NULL,
                        address VARCHAR(500) NOT NULL,
                        register_name VARCHAR(200) NOT NULL,
                        registration_number VARCHAR(100) NOT NULL,
                        phone VARCHAR(50) NOT NULL,
                        contact_email VARCHAR(320) NOT NULL,
                        contact_url VARCHAR(2000) NOT NULL,
                        updated_at TIMESTAMP NOT NULL)"""),
            Migration.of(7, "footer templates per tenant, resource and language (REQ-1, REQ-4, REQ-5)",
                    """
                    CREATE TABLE footer_template (
                        tenant_id VARCHAR(64) NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
                        resource VARCHAR(200) NOT NULL,
                        language VARCHAR(16) NOT NULL,
                        text_template CLOB NOT NULL,
                        html_template CLOB NOT NULL,
                        consent VARCHAR(2000) NOT NULL,
                        updated_at TIMESTAMP NOT NULL,
                        PRIMARY KEY (tenant_id, resource, language))"""),
            Migration.of(8, "reputation cases (REP-4) and the blocklist listing history (REP-1)",
                    """
                    CREATE TABLE reputation_case (
                        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        tenant_id VARCHAR(64) NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
                        policy_id VARCHAR(16) NOT NULL,
                        reason VARCHAR(1000) NOT NULL,
                        opened_at TIMESTAMP NOT NULL,
                        explain_by TIMESTAMP NOT NULL,
                        fix_by TIMESTAMP NOT NULL,
                        explained_at TIMESTAMP,
                        explanation VARCHAR(1000) NOT NULL,
                        closed_at TIMESTAMP,
                        outcome VARCHAR(16) NOT NULL)""",
                    "CREATE INDEX reputation_case_tenant ON reputation_case (tenant_id)",
                    "CREATE INDEX reputation_case_outcome ON reputation_case (outcome)",
                    """
                    CREATE TABLE blocklist_listing (
                        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        list_zone VARCHAR(253) NOT NULL,
                        subject_kind VARCHAR(8) NOT NULL,
                        subject VARCHAR(253) NOT NULL,
                        answer VARCHAR(64) NOT NULL,
                        answer_text VARCHAR(1000) NOT NULL,
                        listed_since TIMESTAMP NOT NULL,
                        delisted_at TIMESTAMP)""",
                    "CREATE INDEX blocklist_listing_current ON blocklist_listing (delisted_at)"),
            Migration.of(9, "content screening: rules, tenants' approvals for CON-2 topics, the audit of their changes",
                    """
                    CREATE TABLE content_rule (
                        id VARCHAR(64) NOT NULL PRIMARY KEY,
                        category VARCHAR(64) NOT NULL,
                        languages VARCHAR(64) NOT NULL,
                        query_text VARCHAR(8000) NOT NULL,
                        fields VARCHAR(200) NOT NULL,
                        action VARCHAR(16) NOT NULL,
                        mode VARCHAR(16) NOT NULL,
                        note VARCHAR(2000) NOT NULL,
                        updated_at TIMESTAMP NOT NULL)""",
                    """
                    CREATE TABLE content_approval (
                        tenant_id VARCHAR(64) NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
                        category VARCHAR(64) NOT NULL,
                        approved_at TIMESTAMP NOT NULL,
                        PRIMARY KEY (tenant_id, category))""",
                    """
                    CREATE TABLE content_change (
                        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        changed_at TIMESTAMP NOT NULL,
                        actor VARCHAR(200) NOT NULL,
                        subject VARCHAR(200) NOT NULL,
                        before_value VARCHAR(16000) NOT NULL,
                        after_value VARCHAR(16000) NOT NULL)""",
                    "CREATE INDEX content_change_newest ON content_change (id DESC)"),
            Migration.of(10, "reputation figures: the rolling window's counts, saved so that a restart keeps the day",
                    """
                    CREATE TABLE reputation_count (
                        tenant_id VARCHAR(64) NOT NULL,
                        slot_start BIGINT NOT NULL,
                        provider VARCHAR(64) NOT NULL,
                        event VARCHAR(32) NOT NULL,
                        amount BIGINT NOT NULL,
                        PRIMARY KEY (tenant_id, slot_start, provider, event))"""));

    private Schema() {
    }
}
