package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mailgate.api.TenantDirectory.Status;
import io.mailgate.api.TenantProfiles.Profile;
import io.mailgate.core.reputation.ReputationEvent;

/**
 * Issue 10, point 2 (REP-2, REP-3) with real traffic: messages delivered through the gateway to a
 * sink, complaints as real ARF reports and hard bounces as a real DSN to the feedback listener.
 * 25 complaints in 10,000 delivered (0.25 %) suspend the tenant, 15 do not; over 5 % hard bounces
 * suspend, 5 % does not; below the minimum volume nothing happens. The tenant is told by email.
 */
class ReputationTest extends SystemTest {

    private static final String CONTACT = "postmaster-contact@acme-office.example";

    @Test
    void twentyFiveComplaintsInTenThousandSuspendFifteenDoNot() throws Exception {
        String tenantId = start(Map.of());
        fixture.gateway.profiles().put(tenantId, new Profile("Acme Ltd", "1 Main St", "Register", "123", "+1 555 0100",
                CONTACT, ""));
        String returnPath = deliver(tenantId, 100);

        for (int i = 0; i < 15; i++) {
            complain(returnPath, "reader" + i + "@example.org");
        }
        assertEquals(15, fixture.gateway.reputation().service().figures(tenantId).total(ReputationEvent.COMPLAINT));
        assertEquals(Status.ACTIVE, status(tenantId), "15 of 10,000 is 0.15 %");
        for (int i = 15; i < 25; i++) {
            complain(returnPath, "reader" + i + "@example.org");
        }
        assertEquals(Status.SUSPENDED, status(tenantId), "25 of 10,000 is 0.25 %");
        try (SmtpClient smtp = authenticated()) {
            SmtpClient.Reply refused = smtp.command("MAIL FROM:<news@acme.test>");
            assertTrue(refused.text().startsWith("554 5.7.1 <news@acme.test>: Sender address rejected: tenant suspended: "
                    + "complaints 21 of 10000 delivered in the last day (0.21 %), over 0.2 % (REP-2) (case 1;"), refused.text());
        }
        List<SmtpSink.Received> notice = sink.awaitMessages(1, Duration.ofSeconds(30), m -> m.recipients().contains(CONTACT));
        assertEquals(1, notice.size(), "the tenant is told by email");
        assertTrue(notice.get(0).header("Subject").startsWith("Sending suspended: complaints 21 of 10000"), notice.get(0).header("Subject"));

        // Over REST and in the metrics: the figures, the case, the readiness report, the gauges.
        String reputation = rest("GET", "/api/v1/tenants/" + tenantId + "/reputation", "", AdminApi.adminToken(fixture)).body();
        assertTrue(reputation.contains("\"totals\":{\"delivered\":10000,\"hardBounces\":0,\"complaints\":25,"), reputation);
        assertTrue(reputation.contains("\"policy\":\"REP-2\"") && reputation.contains("\"outcome\":\"open\""), reputation);
        String readiness = rest("GET", "/api/v1/tenants/" + tenantId + "/readiness", "", AdminApi.adminToken(fixture)).body();
        assertTrue(readiness.contains("{\"requirement\":\"complaint-rate\",\"result\":\"fail\",\"detail\":\"25 complaints of 10000"
                + " delivered (0.250 %): over the 0.1 % the providers ask to stay under\"}"), readiness);
        assertTrue(readiness.contains("{\"requirement\":\"ptr\",\"result\":\"unknown\""), readiness);
        String metrics = rest("GET", "/metrics", "", AdminApi.adminToken(fixture)).body();
        assertTrue(metrics.contains("mailgate_tenant_complaint_ratio{tenant=\"" + tenantId + "\"} 0.0025"), metrics);
        assertTrue(metrics.contains("mailgate_tenant_delivered{tenant=\"" + tenantId + "\"} 10000.0"), metrics);

        // The tenant explains with its master token; only the admin lifts.
        String master = AdminApi.tenantToken(fixture, tenantId, "tenant-master");
        assertEquals(200, rest("POST", "/api/v1/tenants/" + tenantId + "/reputation/explanation",
                "{\"text\":\"an old list was imported by mistake\"}", master).statusCode());
        assertEquals(403, rest("POST", "/api/v1/tenants/" + tenantId + "/reputation/lift", "{\"note\":\"self-service\"}",
                master).statusCode());
        assertEquals(200, rest("POST", "/api/v1/tenants/" + tenantId + "/reputation/lift",
                "{\"note\":\"list removed, explanation accepted\"}", AdminApi.adminToken(fixture)).statusCode());
        assertEquals(Status.ACTIVE, status(tenantId));
    }

    @Test
    void aSuspensionCanAnswer451SoThatTheTenantsQueueHoldsTheMail() throws Exception {
        String tenantId = start(Map.of("smtp.suspended-status", "4.7.1"));
        fixture.gateway.reputation().cases().violation(tenantId, "REP-2", "complaints 30 of 10000 delivered");
        try (SmtpClient smtp = authenticated()) {
            SmtpClient.Reply deferred = smtp.command("MAIL FROM:<news@acme.test>");
            assertTrue(deferred.text().startsWith("451 4.7.1 <news@acme.test>: Sender address rejected: tenant suspended: "
                    + "complaints 30 of 10000 delivered (case 1;"), deferred.text());
        }
    }

    private long delivered(String tenantId) {
        return fixture.gateway.reputation().service().figures(tenantId).total(ReputationEvent.DELIVERED);
    }

    private java.net.http.HttpResponse<String> rest(String method, String path, String json, String token) throws Exception {
        return AdminApi.callAs(fixture, token, method, path, json.isEmpty() ? null : "application/json",
                json.isEmpty() ? null : json);
    }

    @Test
    void hardBouncesOverFivePercentSuspendAtFivePercentDoNot() throws Exception {
        String tenantId = start(Map.of());
        String returnPath = deliver(tenantId, 100);
        bounce(returnPath, 0, 500);
        assertEquals(500, fixture.gateway.reputation().service().figures(tenantId).total(ReputationEvent.HARD_BOUNCE));
        assertEquals(Status.ACTIVE, status(tenantId), "500 of 10,000 is 5 %, not over");
        bounce(returnPath, 500, 1);
        assertEquals(Status.SUSPENDED, status(tenantId));
        assertTrue(fixture.gateway.tenants().tenant(tenantId).orElseThrow().statusReason()
                .startsWith("hard bounces 501 of 10000 delivered in the last day (5.01 %), over 5 % (REP-2)"));
    }

    @Test
    void belowTheMinimumVolumeNothingHappens() throws Exception {
        String tenantId = start(Map.of());
        String returnPath = deliver(tenantId, 9);
        for (int i = 0; i < 25; i++) {
            complain(returnPath, "reader" + i + "@example.org");
        }
        assertEquals(25, fixture.gateway.reputation().service().figures(tenantId).total(ReputationEvent.COMPLAINT));
        assertEquals(Status.ACTIVE, status(tenantId), "25 complaints of 900 delivered, under the 1,000 minimum");
    }

    private Status status(String tenantId) {
        return fixture.gateway.tenants().tenant(tenantId).orElseThrow().status();
    }

    /** {@code messages} messages of 100 recipients each, all delivered to the sink; returns a return path they went out with. */
    private String deliver(String tenantId, int messages) throws Exception {
        try (SmtpClient smtp = authenticated()) {
            for (int m = 0; m < messages; m++) {
                assertEquals(250, smtp.command("MAIL FROM:<news@acme.test>").code());
                for (int r = 0; r < 100; r++) {
                    assertEquals(250, smtp.command("RCPT TO:<reader" + (m * 100 + r) + "@example.org>").code());
                }
                assertEquals(354, smtp.command("DATA").code());
                assertEquals(250, smtp.command("From: news@acme.test\r\nSubject: Issue " + m + "\r\n\r\nThis week.\r\n.").code());
            }
        }
        long expected = messages * 100L;
        if (!Await.until(Duration.ofSeconds(120), () -> delivered(tenantId) >= expected)) {
            throw new AssertionError("delivered only " + delivered(tenantId) + " of " + expected);
        }
        assertEquals(messages, sink.awaitMessages(messages, Duration.ofSeconds(30)).size());
        return sink.received().get(0).sender();
    }

    private void complain(String returnPath, String recipient) throws Exception {
        assertEquals("250 2.0.0 Ok: 1 report(s) read, 1 address(es) suppressed",
                FeedbackReports.send(fixture, "fbl@provider.example", "abuse@bounces.gateway.test",
                        FeedbackReports.arf(returnPath, "", recipient)));
    }

    /** One DSN that reports {@code count} recipients as moved away (5.1.6, a hard bounce that is not an invalid address). */
    private void bounce(String returnPath, int first, int count) throws Exception {
        StringBuilder blocks = new StringBuilder();
        for (int i = first; i < first + count; i++) {
            blocks.append("\nFinal-Recipient: rfc822; reader").append(i).append("@example.org\nAction: failed\nStatus: 5.1.6\n"
                    + "Diagnostic-Code: smtp; 550 5.1.6 mailbox has moved\n");
        }
        String dsn = """
                From: MAILER-DAEMON@mx.provider.example
                To: %1$s
                Subject: Undelivered Mail Returned to Sender
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

                --b1
                Content-Type: text/plain

                Some recipients could not be reached.

                --b1
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.provider.example
                %2$s
                --b1
                Content-Type: text/rfc822-headers

                Return-Path: <%1$s>
                From: news@acme.test
                Subject: Issue 1

                --b1--""".formatted(returnPath, blocks);
        String reply = FeedbackReports.send(fixture, "", returnPath, dsn);
        assertTrue(reply.startsWith("250 2.0.0 Ok: " + count + " report(s) read"), reply);
    }

}
