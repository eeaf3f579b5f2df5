package io.mailgate.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import io.mailgate.core.domains.SendingDomainService;
import io.mailgate.core.store.TenantStore;

/**
 * The tenant a fresh install starts with ({@code demo.tenant = true}), so that a first message can
 * be sent at once: SMTP credentials with a random password, kept in {@code <home>/demo.credentials}
 * (mode 0600) so that the start banner can show them again. Its domain {@value #DOMAIN} is attested
 * (verified without DNS, note "demo tenant"). Turn it off for real use.
 */
public record DemoTenant(String tenantId, String username, String password) {

    static final String NAME = "demo";
    static final String USERNAME = "demo";
    static final String DOMAIN = "demo.mailgate.test";

    static final String ATTESTATION = "demo tenant";

    static DemoTenant ensure(TenantStore tenants, SendingDomainService domains, Path home) throws IOException {
        Path file = home.resolve("demo.credentials");
        var existing = tenants.listTenants().stream().filter(t -> t.name().equals(NAME)).findFirst();
        if (existing.isPresent() && Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            ensureAttestedDomain(tenants, domains, existing.get().id());
            return new DemoTenant(existing.get().id(), lines.get(0), lines.get(1));
        }
        String tenantId = existing.map(t -> t.id()).orElseGet(() -> tenants.createTenant(NAME).id());
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        if (tenants.credentials(tenantId).contains(USERNAME)) {
            tenants.removeCredential(tenantId, USERNAME);
        }
        tenants.addCredential(tenantId, USERNAME, password);
        ensureAttestedDomain(tenants, domains, tenantId);
        Files.deleteIfExists(file);
        Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))), USERNAME + "\n" + password + "\n", StandardCharsets.UTF_8);
        return new DemoTenant(tenantId, USERNAME, password);
    }

    /** The demo domain has no public DNS: an admin's attestation makes it a verified sending domain. */
    private static void ensureAttestedDomain(TenantStore tenants, SendingDomainService domains, String tenantId) {
        if (!tenants.domains(tenantId).contains(DOMAIN)) {
            domains.add(tenantId, DOMAIN);
        }
        if (domains.get(tenantId, DOMAIN).attestation() == null) {
            domains.attest(tenantId, DOMAIN, ATTESTATION);
        }
    }
}
