package io.mailgate.mailauth.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class RecordingSpfDnsTest {

    @Test
    void shouldListQueriesInOrderWithoutChangingResult() {
        FakeDns dns = new FakeDns()
                .txt("example.com", "v=spf1 include:_spf.example.com -all")
                .txt("_spf.example.com", "v=spf1 ip4:192.0.2.0/24 a:mail.example.org -all")
                .failing("mail.example.org");
        RecordingSpfDns recording = new RecordingSpfDns(dns);

        SpfResult result = new Rfc7208Evaluator(recording).evaluate("198.51.100.7", "news@example.com", "app1.example.com");

        assertEquals(new Rfc7208Evaluator(new FakeDns()
                .txt("example.com", "v=spf1 include:_spf.example.com -all")
                .txt("_spf.example.com", "v=spf1 ip4:192.0.2.0/24 a:mail.example.org -all")
                .failing("mail.example.org")).evaluate("198.51.100.7", "news@example.com", "app1.example.com"), result);
        assertEquals(SpfResult.Result.TEMPERROR, result.result());
        assertEquals(List.of(
                "TXT example.com -> 1 record",
                "TXT _spf.example.com -> 1 record",
                "A mail.example.org -> failed: timeout: mail.example.org A"),
                recording.queries().stream().map(RecordingSpfDns.Query::toString).toList());
    }
}
