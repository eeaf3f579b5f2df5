package io.mailgate.plugin.suppression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
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

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

import io.mailgate.api.MailgateAttributes;
import io.mailgate.api.SmtpCheck;
import io.mailgate.api.StageVerdicts;
import io.mailgate.api.Suppressions;
import io.mailgate.api.Verdict;
import io.mailgate.testkit.MovableClock;

/** The stage and the RCPT check on their own, with an in-memory list in place of the gateway's store. */
class SuppressionStageTest {

    private final ListsInMemory lists = new ListsInMemory();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @Test
    void checkShouldRefuseGatewayWideAndTenantEntriesAtRcptButNotResourceOnes() throws Exception {
        lists.add("", "", "gone@example.org", Suppressions.Reason.HARD_BOUNCE);
        lists.add("t1", "", "left@example.org", Suppressions.Reason.UNSUBSCRIBE);
        lists.add("t1", "news", "topic@example.org", Suppressions.Reason.UNSUBSCRIBE);
        SuppressionCheck check = new SuppressionCheck(lists);
        SmtpCheck.Session session = new SmtpCheck.Session("t1", "192.0.2.1", "client.example");

        Verdict gone = check.onRecipient(session, null, new MailAddress("gone@example.org"));
        assertEquals(new Verdict(Verdict.Kind.REJECT, "SUP-2", "the address does not exist (hard bounce)"), gone);
        assertEquals("unsubscribed (SUP-1)", check.onRecipient(session, null, new MailAddress("left@example.org")).describe());
        assertTrue(check.onRecipient(session, null, new MailAddress("topic@example.org")).isAccept());
        assertTrue(check.onRecipient(new SmtpCheck.Session("t2", "192.0.2.1", ""), null,
                new MailAddress("left@example.org")).isAccept(), "another tenant's list does not apply");
    }

    @Test
    void stageShouldSkipSuppressedRecipientsOfTheResourceAndLetTheOthersGo() throws Exception {
        lists.add("t1", "news", "topic@example.org", Suppressions.Reason.UNSUBSCRIBE);
        lists.add("t1", "", "complained@example.org", Suppressions.Reason.COMPLAINT);
        SuppressionStage stage = stage(Map.of());
        Mail mail = mail("t1", "news", "Weekly", "topic@example.org", "complained@example.org", "reader@example.org");

        stage.service(mail);

        assertEquals(Map.of("topic@example.org", "SKIP_RECIPIENT SUP-1 unsubscribed from news",
                "complained@example.org", "SKIP_RECIPIENT SUP-3 the recipient complained about this sender's mail"), verdicts(mail));
    }

    @Test
    void roleAccountsShouldBeSkippedInListMailOnlyAndAsConfigured() throws Exception {
        Mail bulk = mail("t1", "news", "Weekly", "info@example.org", "Office@example.org", "anna@example.org");
        stage(Map.of()).service(bulk);
        Map<String, String> skipped = verdicts(bulk);
        assertEquals(Set.of("info@example.org", "Office@example.org"), skipped.keySet());
        assertTrue(skipped.get("info@example.org").startsWith("SKIP_RECIPIENT SUP-5 role account info@"), skipped.toString());

        Mail transactional = mail("t1", "", "Your invoice", "info@example.org");
        stage(Map.of()).service(transactional);
        assertEquals(Map.of(), verdicts(transactional), "mail outside a list goes to role accounts");

        Mail allowed = mail("t1", "news", "Weekly 2", "info@example.org");
        stage(Map.of("role-action", "allow")).service(allowed);
        assertEquals(Map.of(), verdicts(allowed));

        Mail custom = mail("t1", "news", "Weekly 3", "info@example.org", "team@example.org");
        stage(Map.of("role-accounts", "team, hr")).service(custom);
        assertEquals(Set.of("team@example.org"), verdicts(custom).keySet());
    }

    @Test
    void theSameContentToTheSameRecipientShouldBeSkippedWithinTheWindowOnly() throws Exception {
        SuppressionStage stage = stage(Map.of());
        Mail first = mail("t1", "", "Offer", "anna@example.org");
        stage.service(first);
        assertEquals(Map.of(), verdicts(first));

        clock.advance(Duration.ofHours(23));
        Mail again = mail("t1", "", "Offer", "anna@example.org", "bob@example.org");
        stage.service(again);
        assertEquals(Map.of("anna@example.org", "SKIP_RECIPIENT SUP-8 the same message went to this recipient within the last 24h"),
                verdicts(again));

        Mail otherContent = mail("t1", "", "Another offer", "anna@example.org");
        stage.service(otherContent);
        assertEquals(Map.of(), verdicts(otherContent));

        clock.advance(Duration.ofHours(1));
        Mail nextDay = mail("t1", "", "Offer", "anna@example.org");
        stage.service(nextDay);
        assertEquals(Map.of(), verdicts(nextDay), "24 hours after the first send it may go again");
    }

    @Test
    void invalidParametersShouldFailInitNamingThem() {
        MessagingException window = assertThrows(MessagingException.class, () -> stage(Map.of("duplicate-window", "soon")));
        assertTrue(window.getMessage().contains("duplicate-window"), window.getMessage());
        MessagingException action = assertThrows(MessagingException.class, () -> stage(Map.of("role-action", "bounce")));
        assertTrue(action.getMessage().contains("role-action"), action.getMessage());
        assertThrows(MessagingException.class, () -> stage(Map.of("no-such-param", "1")));
    }

    private SuppressionStage stage(Map<String, String> params) throws MessagingException {
        SuppressionStage stage = new SuppressionStage(lists, clock);
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("stage:suppression");
        params.forEach(config::setProperty);
        stage.init(config.build());
        return stage;
    }

    private static Mail mail(String tenant, String resource, String subject, String... recipients) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom("news@acme.example");
        message.setSubject(subject);
        if (!resource.isEmpty()) {
            message.setHeader(SuppressionStage.RESOURCE_HEADER, resource);
        }
        message.setText("Hello,\r\nthis week's news.\r\n");
        message.saveChanges();
        FakeMail.Builder mail = FakeMail.builder().name("m1").mimeMessage(message).sender("news@acme.example");
        for (String recipient : recipients) {
            mail.recipient(recipient);
        }
        FakeMail built = mail.build();
        built.setAttribute(new Attribute(MailgateAttributes.TENANT_ID, AttributeValue.of(tenant)));
        return built;
    }

    private static Map<String, String> verdicts(Mail mail) {
        return StageVerdicts.take(mail).stream().collect(Collectors.toMap(d -> d.recipient().orElseThrow().asString(),
                d -> d.verdict().kind() + " " + d.verdict().policyId() + " " + d.verdict().reason()));
    }

    /** The lookups of the gateway's store, by scope, without its database. */
    static final class ListsInMemory implements Suppressions {
        private final Map<List<String>, Entry> entries = new HashMap<>();

        void add(String tenant, String resource, String address, Reason reason) {
            add(new Entry(tenant, resource, address, reason, "test", Instant.EPOCH, ""));
        }

        @Override
        public void add(Entry entry) {
            entries.put(List.of(entry.tenantId(), entry.resource(), entry.address().toLowerCase()), entry);
        }

        @Override
        public Optional<Entry> find(String tenantId, String resource, String address) {
            String normalized = address.toLowerCase();
            return Optional.ofNullable(entries.get(List.of("", "", normalized)))
                    .or(() -> Optional.ofNullable(entries.get(List.of(tenantId, "", normalized))))
                    .or(() -> resource.isEmpty() ? Optional.empty() : Optional.ofNullable(entries.get(List.of(tenantId, resource, normalized))));
        }
    }
}
