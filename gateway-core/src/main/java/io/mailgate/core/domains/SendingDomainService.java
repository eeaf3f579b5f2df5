package io.mailgate.core.domains;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.mailgate.api.DecisionJournal;
import io.mailgate.api.SendingDomains;
import io.mailgate.api.TenantDirectory;
import io.mailgate.api.Verdict;
import io.mailgate.core.store.Database;
import io.mailgate.core.store.DomainNames;
import io.mailgate.core.store.InvalidInputException;
import io.mailgate.core.store.NotFoundException;
import io.mailgate.core.store.ConflictException;
import io.mailgate.core.store.TenantRecord;
import io.mailgate.core.store.TenantStore;
import io.mailgate.mailauth.dmarc.OrganizationalDomain;
import io.mailgate.mailauth.spf.DnsjavaSpfDns;
import io.mailgate.mailauth.spf.Rfc7208Evaluator;
import io.mailgate.mailauth.spf.SpfDns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Onboarding of tenants' sending domains (POLICY AUTH-2 to AUTH-6), and the
 * {@link SendingDomains} service the plugins read.
 *
 * <p>Adding a domain refuses public suffixes, creates an ownership token and two DKIM keys (RSA-2048
 * and Ed25519, each under its own selector) and stores them with the domain row in one transaction,
 * private keys sealed by the {@link KeyVault}. {@link #verify} looks every record up
 * ({@link DomainVerifier}); a domain is verified when the ownership token, SPF, both DKIM keys and a
 * DMARC record check out, or when an admin attested it. A DNS failure (timeout, SERVFAIL) leaves a
 * domain as it was. Every change of the verified state is logged at INFO and journaled (AUTH-2).
 *
 * <p>The domain names themselves live in {@link TenantStore} (one list of domains, the one
 * {@link TenantDirectory.Tenant#domains()} shows); this service keeps the rest of each domain in
 * memory, with the keys decrypted, so that {@link #covering} costs no query.
 */
public final class SendingDomainService implements SendingDomains {

    private static final Logger LOG = LoggerFactory.getLogger(SendingDomainService.class);
    static final String STAGE = "domain-verification";
    static final String POLICY = "AUTH-2";
    private static final int MAX_NOTE = 1000;
    private static final String NOT_CHECKED = "the records have not been checked yet: publish them, then verify";

    private record DomainKey(String tenantId, String domain) {
    }

    private final TenantStore tenants;
    private final DomainRepository repository;
    private final DecisionJournal journal;
    private final DomainSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<DomainKey, DomainState> states = new ConcurrentHashMap<>();

    public SendingDomainService(Database database, TenantStore tenants, DecisionJournal journal, KeyVault vault,
                                DomainSettings settings) {
        this(database, tenants, journal, vault, settings, Clock.systemUTC());
    }

    SendingDomainService(Database database, TenantStore tenants, DecisionJournal journal, KeyVault vault,
                         DomainSettings settings, Clock clock) {
        this.tenants = tenants;
        this.repository = new DomainRepository(database, vault);
        this.journal = journal;
        this.settings = settings;
        this.clock = clock;
        repository.loadAll().forEach((tenantId, domains) ->
                domains.forEach((domain, state) -> states.put(new DomainKey(tenantId, domain), state)));
        LOG.info("loaded {} sending domains with their DKIM keys", states.size());
    }

    // ---- admin operations ----

    /** Adds a domain with its token and keys; answers the records to publish. */
    public DomainView add(String tenantId, String domain) {
        List<String> existing = tenants.domains(tenantId); // 404 for an unknown tenant
        String name = DomainNames.normalize(domain);
        if (OrganizationalDomain.isPublicSuffix(name)) {
            throw new InvalidInputException("'" + name + "' is a public suffix: anyone can register names under it,"
                    + " so no tenant owns it; add your own domain under it, such as example." + name);
        }
        if (existing.contains(name)) {
            throw new ConflictException("tenant " + tenantId + " already has the domain " + name);
        }
        String token = newToken();
        List<DkimKeyPair> keys = newKeys();
        tenants.addDomain(tenantId, name, (connection, added) ->
                repository.insertOnboarding(connection, tenantId, added, token, keys));
        DomainState state = new DomainState(tenantId, name, token, keys, Optional.empty(), false, NOT_CHECKED,
                false, null, Map.of());
        states.put(new DomainKey(tenantId, name), state);
        return view(state);
    }

    public List<DomainView> list(String tenantId) {
        List<DomainView> views = new ArrayList<>();
        for (String domain : tenants.domains(tenantId)) {
            views.add(view(state(tenantId, domain)));
        }
        return views;
    }

    /** {@code domain} may be written in any form that normalizes to the stored one. */
    public DomainView get(String tenantId, String domain) {
        return view(state(tenantId, existing(tenantId, domain)));
    }

    public void remove(String tenantId, String domain) {
        String name = existing(tenantId, domain);
        tenants.removeDomain(tenantId, name);
        states.remove(new DomainKey(tenantId, name));
    }

    /** Looks the domain's records up now and stores what was found. */
    public DomainView verify(String tenantId, String domain) {
        DomainState state = state(tenantId, existing(tenantId, domain));
        return view(check(state));
    }

    /** Checks every domain of every tenant again (the schedule's run). */
    public void verifyAll() {
        for (TenantRecord tenant : tenants.listTenants()) {
            for (String domain : tenant.domains()) {
                try {
                    check(state(tenant.id(), domain));
                } catch (NotFoundException gone) {
                    // removed while the run went on
                } catch (RuntimeException e) {
                    LOG.warn("checking {} of tenant {} failed", domain, tenant.id(), e);
                }
            }
        }
    }

    /** Declares the domain verified without DNS (internal domains, test and demo installs). */
    public DomainView attest(String tenantId, String domain, String note) {
        String checkedNote = checkNote(note);
        String name = existing(tenantId, domain);
        state(tenantId, name);
        synchronized (this) {
            DomainState current = require(tenantId, name);
            DomainState changed = current.withAttestation(
                    Optional.of(new DomainState.Attestation(checkedNote, clock.instant().truncatedTo(ChronoUnit.MILLIS))),
                    true, "");
            repository.saveAttestation(changed);
            states.put(new DomainKey(tenantId, name), changed);
            LOG.info("tenant {}: domain {} attested by an admin: {}", tenantId, name, checkedNote);
            announce(current, changed, "attested by an admin: " + checkedNote);
            return view(changed);
        }
    }

    /** Takes an attestation back: the domain is as verified as its records say. */
    public DomainView removeAttestation(String tenantId, String domain) {
        String name = existing(tenantId, domain);
        state(tenantId, name);
        synchronized (this) {
            DomainState current = require(tenantId, name);
            if (current.attestation().isEmpty()) {
                throw new NotFoundException("the domain " + name + " of tenant " + tenantId + " has no attestation");
            }
            Decision decision = decide(current.checks(), false);
            DomainState changed = current.withAttestation(Optional.empty(), decision.verified(), decision.reason());
            repository.saveAttestation(changed);
            states.put(new DomainKey(tenantId, name), changed);
            LOG.info("tenant {}: domain {} attestation removed", tenantId, name);
            announce(current, changed, decision.reason());
            return view(changed);
        }
    }

    // ---- the plugin service ----

    @Override
    public Optional<SendingDomain> covering(String tenantId, String domain) {
        String name;
        try {
            name = DomainNames.normalize(domain);
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
        Optional<TenantDirectory.Tenant> tenant = tenants.find(tenantId);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        for (String candidate = name; candidate.indexOf('.') > 0; candidate = candidate.substring(candidate.indexOf('.') + 1)) {
            if (tenant.get().domains().contains(candidate)) {
                DomainState state = states.get(new DomainKey(tenantId, candidate));
                if (state == null) {
                    return Optional.of(new SendingDomain(candidate, tenantId, false,
                            "the domain's DKIM keys are not created yet; they are at its next check", false, List.of()));
                }
                return Optional.of(new SendingDomain(candidate, tenantId, state.verified(),
                        state.verified() ? "" : state.reason(), state.strictDkimAlignment(),
                        state.keys().stream().map(DkimKeyPair::toApi).toList()));
            }
        }
        return Optional.empty();
    }

    // ---- internals ----

    private DomainState check(DomainState state) {
        SpfDns dns = DnsjavaSpfDns.of(settings.resolvers(), settings.dnsTimeout());
        DomainVerifier verifier = new DomainVerifier(dns, new Rfc7208Evaluator(dns).withReceiver("mailgate"),
                settings.sendingIps());
        DomainVerifier.Verification verification = verifier.verify(state);
        synchronized (this) {
            DomainState current = states.get(new DomainKey(state.tenantId(), state.domain()));
            if (current == null) {
                throw new NotFoundException("tenant " + state.tenantId() + " has no domain " + state.domain());
            }
            boolean previous = current.verified() && current.attestation().isEmpty();
            Decision decision = current.attestation().isPresent() ? new Decision(true, "")
                    : decide(verification.checks(), previous);
            DomainState changed = current.withVerification(decision.verified(), decision.reason(),
                    verification.strictDkimAlignment().orElse(current.strictDkimAlignment()),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS), verification.checks());
            if (!repository.saveVerification(changed)) {
                states.remove(new DomainKey(state.tenantId(), state.domain()));
                throw new NotFoundException("tenant " + state.tenantId() + " has no domain " + state.domain());
            }
            states.put(new DomainKey(state.tenantId(), state.domain()), changed);
            announce(current, changed, decision.reason());
            return changed;
        }
    }

    record Decision(boolean verified, String reason) {
    }

    /**
     * Verified when every required record (all but the mailbox check) is ok or a warning. A missing
     * or wrong record unverifies; a temperror alone keeps what the domain was.
     */
    static Decision decide(Map<String, RecordCheck> checks, boolean previouslyVerified) {
        if (checks.isEmpty()) {
            return new Decision(false, NOT_CHECKED);
        }
        List<String> failing = new ArrayList<>();
        List<String> temporary = new ArrayList<>();
        for (RecordCheck check : checks.values()) {
            if (check.kind().equals(ExpectedRecords.MAILBOXES)) {
                continue;
            }
            if (check.status() == RecordStatus.TEMPERROR) {
                temporary.add(check.reason());
            } else if (!check.status().acceptable()) {
                failing.add(check.reason());
            }
        }
        if (!failing.isEmpty()) {
            return new Decision(false, String.join("; ", failing));
        }
        if (!temporary.isEmpty()) {
            return previouslyVerified ? new Decision(true, "")
                    : new Decision(false, "not verified yet: " + String.join("; ", temporary));
        }
        return new Decision(true, "");
    }

    private void announce(DomainState before, DomainState after, String why) {
        if (before.verified() == after.verified()) {
            return;
        }
        String reason = after.verified()
                ? "domain " + after.domain() + " is verified" + (why.isEmpty() ? "" : ": " + why)
                : "domain " + after.domain() + " is no longer verified: " + why;
        LOG.info("tenant {}: {}", after.tenantId(), reason);
        journal.record(new DecisionJournal.Entry(clock.instant(), "", after.tenantId(), "", STAGE,
                after.verified() ? Verdict.Kind.ACCEPT : Verdict.Kind.REJECT, POLICY, reason));
    }

    /** The state of a domain the tenant has, creating its token and keys if it was added without them. */
    private DomainState state(String tenantId, String domain) {
        DomainState state = states.get(new DomainKey(tenantId, domain));
        if (state != null) {
            return state;
        }
        synchronized (this) {
            state = states.get(new DomainKey(tenantId, domain));
            if (state == null) {
                String token = newToken();
                List<DkimKeyPair> keys = newKeys();
                repository.backfill(tenantId, domain, token, keys);
                state = new DomainState(tenantId, domain, token, keys, Optional.empty(), false, NOT_CHECKED, false,
                        null, Map.of());
                states.put(new DomainKey(tenantId, domain), state);
                LOG.info("tenant {}: domain {} got its ownership token and DKIM keys", tenantId, domain);
            }
            return state;
        }
    }

    private DomainState require(String tenantId, String domain) {
        DomainState state = states.get(new DomainKey(tenantId, domain));
        if (state == null) {
            throw new NotFoundException("tenant " + tenantId + " has no domain " + domain);
        }
        return state;
    }

    private String existing(String tenantId, String domain) {
        return tenants.findDomain(tenantId, domain)
                .orElseThrow(() -> new NotFoundException("tenant " + tenantId + " has no domain " + domain));
    }

    private DomainView view(DomainState state) {
        return DomainView.of(state, settings.sendingIps());
    }

    private String newToken() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Selectors carry the month they were made in, so that a rotated key gets a new name. */
    private List<DkimKeyPair> newKeys() {
        String month = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).format(DateTimeFormatter.ofPattern("yyyyMM"));
        return List.of(DkimKeyPair.generate("mg-rsa-" + month, DkimKeyPair.Algorithm.RSA),
                DkimKeyPair.generate("mg-ed-" + month, DkimKeyPair.Algorithm.ED25519));
    }

    private static String checkNote(String note) {
        if (note == null || note.isBlank()) {
            throw new InvalidInputException("an attestation needs a note that says why the domain is trusted without DNS,"
                    + " such as \"internal domain, no public DNS\"");
        }
        String trimmed = note.strip();
        if (trimmed.length() > MAX_NOTE) {
            throw new InvalidInputException("the note has at most " + MAX_NOTE + " characters, this one has " + trimmed.length());
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("the note cannot contain control characters such as line breaks");
        }
        return trimmed;
    }
}
