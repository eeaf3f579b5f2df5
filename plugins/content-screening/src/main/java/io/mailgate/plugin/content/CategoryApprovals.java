package io.mailgate.plugin.content;

/** Which tenants may send which CON-2 topics. */
public interface CategoryApprovals {

    CategoryApprovals NONE = (tenantId, category) -> false;

    boolean approved(String tenantId, String category);
}
