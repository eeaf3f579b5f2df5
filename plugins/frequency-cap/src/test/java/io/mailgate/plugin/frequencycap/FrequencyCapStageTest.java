package io.mailgate.plugin.frequencycap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

import io.mailgate.api.MailgateAttributes;
import io.mailgate.api.SendingPolicies;
import io.mailgate.api.StageVerdicts;
import io.mailgate.testkit.MovableClock;

/** The stage on its own, with policies and day counts in memory in place of the gateway's service. */
class FrequencyCapStageTest {

    private static final String CAPPED = "SKIP_RECIPIENT CAP-4 Sending is restricted by the policy applied";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final PoliciesInMemory policies = new PoliciesInMemory(clock);

    @Test
    void theThirdMessageShouldBeSkippedForThatRecipientOnly() throws Exception {
        policies.put(SendingPolicies.Scope.ACCOUNT, "", 2, 1, SendingPolicies.Kind.RECIPIENT);
        FrequencyCapStage stage = stage();

        assertEquals(Map.of(), send(stage, mail("", "", "anna@example.org")));
        assertEquals(Map.of(), send(stage, mail("", "", "Anna@Example.org", "bob@example.org")));
        assertEquals(Map.of("anna@example.org", CAPPED), send(stage, mail("", "", "anna@example.org", "bob@example.org")));
        assertEquals(Map.of("anna@example.org", CAPPED, "bob@example.org", CAPPED),
                send(stage, mail("", "", "anna@example.org", "bob@example.org", "carl@example.org")));
        assertEquals(2, policies.sent(SendingPolicies.CountKey.of("t1", SendingPolicies.Kind.RECIPIENT, "", "email",
                "anna@example.org"), 1), "a skipped message is not counted");
    }

    @Test
    void aResourcePolicyShouldOverrideTheAccountOne() throws Exception {
        policies.put(SendingPolicies.Scope.ACCOUNT, "", 1, 1, SendingPolicies.Kind.RECIPIENT);
        policies.put(SendingPolicies.Scope.RESOURCE, "news", 3, 1, SendingPolicies.Kind.RECIPIENT_RESOURCE);
        FrequencyCapStage stage = stage();

        for (int i = 0; i < 3; i++) {
            assertEquals(Map.of(), send(stage, mail("news", "", "anna@example.org")), "message " + (i + 1));
        }
        assertEquals(Map.of("anna@example.org", CAPPED), send(stage, mail("news", "", "anna@example.org")));
        assertEquals(Map.of("anna@example.org", CAPPED), send(stage, mail("", "", "anna@example.org")),
                "the account policy counts the resource's messages too");
        assertEquals(Map.of(), send(stage, mail("offers", "", "bob@example.org")), "a resource without a policy: the account's");
        assertEquals(Map.of("bob@example.org", CAPPED), send(stage, mail("offers", "", "bob@example.org")));
    }

    @Test
    void aMailingPolicyShouldOverrideBoth() throws Exception {
        policies.put(SendingPolicies.Scope.ACCOUNT, "", 1, 1, SendingPolicies.Kind.RECIPIENT);
        policies.put(SendingPolicies.Scope.RESOURCE, "news", 1, 1, SendingPolicies.Kind.RECIPIENT);
        policies.put(SendingPolicies.Scope.MAILING, "welcome", 0, 0, SendingPolicies.Kind.RECIPIENT); // unlimited
        policies.put(SendingPolicies.Scope.MAILING, "weekly", 2, 1, SendingPolicies.Kind.RECIPIENT_RESOURCE);
        FrequencyCapStage stage = stage();

        for (int i = 0; i < 4; i++) {
            assertEquals(Map.of(), send(stage, mail("news", "welcome", "anna@example.org")), "an unlimited mailing policy");
        }
        assertEquals(Map.of("anna@example.org", CAPPED), send(stage, mail("news", "", "anna@example.org")));
        assertEquals(Map.of(), send(stage, mail("digest", "weekly", "bob@example.org")));
        assertEquals(Map.of(), send(stage, mail("digest", "weekly", "bob@example.org")));
        assertEquals(Map.of("bob@example.org", CAPPED), send(stage, mail("digest", "weekly", "bob@example.org")));
    }

    @Test
    void theDayWindowShouldMoveWithTheClock() throws Exception {
        policies.put(SendingPolicies.Scope.ACCOUNT, "", 1, 2, SendingPolicies.Kind.RECIPIENT, SendingPolicies.Kind.CONTACT);
        FrequencyCapStage stage = stage();

        assertEquals(Map.of(), send(stage, mail("", "", "anna@example.org")));
        clock.advance(Duration.ofDays(1));
        assertEquals(Map.of("anna@example.org", CAPPED), send(stage, mail("", "", "anna@example.org")), "day 2 of 2");
        clock.advance(Duration.ofDays(1));
        assertEquals(Map.of(), send(stage, mail("", "", "anna@example.org")), "the first day left the period");
    }

    @Test
    void aTenantWithoutPoliciesShouldGoThroughUncounted() throws Exception {
        FrequencyCapStage stage = stage();
        assertEquals(Map.of(), send(stage, mail("news", "", "anna@example.org")));
        assertEquals(0, policies.counts.size());
    }

    @Test
    void parametersShouldBeRefused() {
        assertThrows(MessagingException.class, () -> {
            FrequencyCapStage stage = new FrequencyCapStage(policies);
            stage.init(FakeMailetConfig.builder().mailetName("stage:frequency-cap").setProperty("max", "3").build());
        });
    }

    private FrequencyCapStage stage() throws MessagingException {
        FrequencyCapStage stage = new FrequencyCapStage(policies);
        stage.init(FakeMailetConfig.builder().mailetName("stage:frequency-cap").build());
        return stage;
    }

    private static Map<String, String> send(FrequencyCapStage stage, Mail mail) throws MessagingException {
        stage.service(mail);
        return StageVerdicts.take(mail).stream().collect(Collectors.toMap(d -> d.recipient().orElseThrow().asString().toLowerCase(),
                d -> d.verdict().kind() + " " + d.verdict().policyId() + " " + d.verdict().reason()));
    }

    private static Mail mail(String resource, String mailing, String... recipients) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom("news@acme.example");
        message.setSubject("News");
        if (!resource.isEmpty()) {
            message.setHeader(FrequencyCapStage.RESOURCE_HEADER, resource);
        }
        if (!mailing.isEmpty()) {
            message.setHeader(FrequencyCapStage.MAILING_HEADER, mailing);
        }
        message.setText("Hello\r\n");
        message.saveChanges();
        FakeMail.Builder mail = FakeMail.builder().name("m1").mimeMessage(message).sender("news@acme.example");
        for (String recipient : recipients) {
            mail.recipient(recipient);
        }
        FakeMail built = mail.build();
        built.setAttribute(new Attribute(MailgateAttributes.TENANT_ID, AttributeValue.of("t1")));
        return built;
    }

    /** Policies of tenant t1 by scope, and counts per key and UTC day, on a clock the test moves. */
    static final class PoliciesInMemory implements SendingPolicies {
        private final Clock clock;
        private final Map<List<Object>, Policy> byScope = new HashMap<>();
        final Map<CountKey, Map<Long, Integer>> counts = new HashMap<>();

        PoliciesInMemory(Clock clock) {
            this.clock = clock;
        }

        void put(Scope scope, String target, int max, int days, Kind... kinds) {
            byScope.put(List.of(scope, target), new Policy("p" + byScope.size(), "t1", scope, target,
                    EnumSet.copyOf(List.of(kinds)), max, days, List.of()));
        }

        @Override
        public Optional<Policy> find(String tenantId, Scope scope, String target) {
            return tenantId.equals("t1") ? Optional.ofNullable(byScope.get(List.of(scope, target))) : Optional.empty();
        }

        @Override
        public Set<Kind> countedKinds(String tenantId) {
            Set<Kind> kinds = EnumSet.noneOf(Kind.class);
            byScope.values().forEach(policy -> kinds.addAll(policy.kinds()));
            return kinds;
        }

        @Override
        public int sent(CountKey key, int days) {
            long today = today();
            return counts.getOrDefault(key, Map.of()).entrySet().stream()
                    .filter(day -> day.getKey() > today - days).mapToInt(Map.Entry::getValue).sum();
        }

        @Override
        public void count(CountKey key) {
            counts.computeIfAbsent(key, k -> new HashMap<>()).merge(today(), 1, Integer::sum);
        }

        private long today() {
            return Math.floorDiv(clock.millis(), 86_400_000L);
        }
    }
}
