package io.mailgate.core.admin;

/**
 * What a caller of the REST API may do. Only {@link #ADMIN} exists in practice so far (the admin
 * token); tenant tokens will carry the other two, scoped to their tenant.
 */
public enum Role {
    ADMIN("admin"),
    TENANT_MASTER("tenant-master"),
    TENANT_USER("tenant-user");

    /** The names {@code @RolesAllowed} uses. */
    public static final String ADMIN_NAME = "admin";

    private final String apiName;

    Role(String apiName) {
        this.apiName = apiName;
    }

    /** The role as the API and {@code @RolesAllowed} spell it ("tenant-master"). */
    public String apiName() {
        return apiName;
    }
}
