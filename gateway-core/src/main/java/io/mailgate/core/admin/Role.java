package io.mailgate.core.admin;

/**
 * What a caller of the REST API may do. The admin token is {@link #ADMIN}; a tenant token carries
 * one of the other two and is confined to its tenant ({@link TenantScopeFilter}). Resources say who
 * may call them with {@code @RolesAllowed}: tenant-scoped reads take all three, suppression
 * writes too, sending policy writes the admin and the master (CAP-5), everything else the admin only.
 */
public enum Role {
    ADMIN("admin"),
    TENANT_MASTER("tenant-master"),
    TENANT_USER("tenant-user");

    /** The names {@code @RolesAllowed} uses. */
    public static final String ADMIN_NAME = "admin";
    public static final String TENANT_MASTER_NAME = "tenant-master";
    public static final String TENANT_USER_NAME = "tenant-user";

    private final String apiName;

    Role(String apiName) {
        this.apiName = apiName;
    }

    /** The role of this API name ("tenant-user"), if there is one. */
    public static java.util.Optional<Role> ofApiName(String name) {
        for (Role role : values()) {
            if (role.apiName.equals(name)) {
                return java.util.Optional.of(role);
            }
        }
        return java.util.Optional.empty();
    }

    /** The role as the API and {@code @RolesAllowed} spell it ("tenant-master"). */
    public String apiName() {
        return apiName;
    }
}
