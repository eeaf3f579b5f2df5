package io.mailgate.mailauth.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.mailgate.mailauth.spf.SpfDns;

/**
 * The verifier against an independent signer, dkimpy: rsa-sha256 and ed25519-sha256, every pair
 * of canonicalizations; then what makes a signature fail, each with its reason.
 */
class DkimVerifierTest {

    private static final String DOMAIN = "example.com";
    private static final String RSA = "rsa2048";
    private static final String ED = "ed1";

    /** Folded headers, runs of white space, trailing blanks and empty lines at the end: what canonicalization is for. */
    private static final byte[] MESSAGE = crlf("""
            Received: from app1.example.com by gateway.example.com;
            \tWed, 25 Nov 2026 12:00:00 +0000
            From: Acme News <news@example.com>
            To: alice@example.org,
            \tbob@example.org
            Subject: Your   weekly\tdigest\s\s
             continued
            Date: Wed, 25 Nov 2026 12:00:00 +0000
            Message-ID: <digest-1@example.com>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=us-ascii

            Hello Alice,

            Here is  your   digest.\s\s\s
            \tAn indented line.

            --\s
            Acme


            """);

    @TempDir
    static Path dir;

    private static Dkimpy dkimpy;
    private static final Map<String, String> KEYS = new HashMap<>();

    @BeforeAll
    static void signerAndKeys() throws Exception {
        dkimpy = new Dkimpy(dir);
        KEYS.put(RSA + "._domainkey." + DOMAIN, DkimTestKeys.record(DkimTestKeys.RSA));
        KEYS.put(ED + "._domainkey." + DOMAIN, DkimTestKeys.record(DkimTestKeys.ED25519));
        KEYS.put("revoked._domainkey." + DOMAIN, "v=DKIM1; k=rsa; p=");
    }

    static Stream<Arguments> keysAndCanonicalizations() {
        return Stream.of(RSA, ED).flatMap(selector -> Stream.of("relaxed/relaxed", "simple/simple", "relaxed/simple",
                "simple/relaxed").map(c -> Arguments.of(selector, c)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("keysAndCanonicalizations")
    void shouldPassWhenSignedByDkimpy(String selector, String canonicalization) throws Exception {
        byte[] signed = sign(selector, canonicalization, "-", false, MESSAGE);

        DkimResult result = single(verifier().verify(signed));

        assertEquals(new DkimResult(DOMAIN, selector, algorithm(selector), true, ""), result);
        assertEquals("d=example.com s=" + selector + " a=" + algorithm(selector) + " pass", result.toString());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("keysAndCanonicalizations")
    void shouldFailWithBodyHashMismatchWhenOneBodyByteChanged(String selector, String canonicalization) throws Exception {
        String signed = text(sign(selector, canonicalization, "-", false, MESSAGE));

        DkimResult result = single(verifier().verify(bytes(signed.replace("Here is", "Here iz"))));

        assertEquals("body hash mismatch", result.reason(), result.toString());
    }

    @Test
    void shouldPassWhenFileHasLfLineEnds() throws Exception {
        String signed = text(sign(ED, "simple/simple", "-", false, MESSAGE));

        assertTrue(single(verifier().verify(bytes(signed.replace("\r\n", "\n")))).pass());
    }

    @Test
    void shouldFailWithSignatureMismatchWhenSignedHeaderChanged() throws Exception {
        String signed = text(sign(RSA, "relaxed/relaxed", "-", false, MESSAGE));

        DkimResult result = single(verifier().verify(bytes(signed.replace("Subject: Your", "Subject: Our"))));

        assertEquals("signature mismatch", result.reason());
    }

    @Test
    void shouldIgnoreWhatFollowsSignedLengthWhenLTagGiven() throws Exception {
        String signed = text(sign(RSA, "relaxed/relaxed", "-", true, MESSAGE));
        assertTrue(signed.contains(" l="), signed);

        assertTrue(single(verifier().verify(bytes(signed + "Appended by a mailing list.\r\n"))).pass());
    }

    @Test
    void shouldFailWhenFromAddedBelowOverSignedFrom() throws Exception {
        String headers = "from:from:to:subject:date:message-id";
        String signed = text(sign(ED, "relaxed/relaxed", headers, false, MESSAGE));
        assertTrue(single(verifier().verify(bytes(signed))).pass(), "as signed");

        String added = signed.replaceFirst("\r\n\r\n", "\r\nFrom: someone-else@example.net\r\n\r\n");

        assertEquals("signature mismatch", single(verifier().verify(bytes(added))).reason());
    }

    @Test
    void shouldStillPassWhenReceivedAddedOnTop() throws Exception {
        byte[] signed = sign(RSA, "simple/simple", "-", false, MESSAGE);

        byte[] relayed = bytes("Received: from gateway.example.com by mx.example.org;\r\n\tThu, 26 Nov 2026 00:00:00 +0000\r\n"
                + text(signed));

        assertTrue(single(verifier().verify(relayed)).pass());
    }

    @Test
    void shouldGiveOneResultPerSignatureTopToBottom() throws Exception {
        byte[] twice = sign(ED, "relaxed/relaxed", "-", false, sign(RSA, "relaxed/relaxed", "-", false, MESSAGE));

        List<DkimResult> results = verifier().verify(twice);

        assertEquals(List.of(ED, RSA), results.stream().map(DkimResult::selector).toList());
        assertTrue(results.stream().allMatch(DkimResult::pass), results.toString());
    }

    @Test
    void shouldFailWhenNoKeyRecord() throws Exception {
        byte[] signed = sign(RSA, "relaxed/relaxed", "-", false, MESSAGE);

        DkimResult result = single(new DkimVerifier(name -> List.of()).verify(signed));

        assertEquals("no key record at rsa2048._domainkey.example.com", result.reason());
    }

    @Test
    void shouldFailWhenKeyRevoked() throws Exception {
        String signed = text(sign(RSA, "relaxed/relaxed", "-", false, MESSAGE));

        DkimResult result = single(verifier().verify(bytes(signed.replaceFirst("s=" + RSA, "s=revoked"))));

        assertEquals("key revoked (empty p=)", result.reason());
    }

    @Test
    void shouldFailWhenKeyTypeDoesNotFitAlgorithm() throws Exception {
        byte[] signed = sign(RSA, "relaxed/relaxed", "-", false, MESSAGE);

        DkimResult result = single(new DkimVerifier(name -> List.of(DkimTestKeys.record(DkimTestKeys.ED25519))).verify(signed));

        assertEquals("key type k=ed25519 does not fit a=rsa-sha256", result.reason());
    }

    @Test
    void shouldFailTemporarilyWhenDnsFails() throws Exception {
        byte[] signed = sign(ED, "relaxed/relaxed", "-", false, MESSAGE);
        DkimKeyDns failing = name -> {
            throw new SpfDns.DnsFailure(name + " TXT: timed out");
        };

        DkimResult result = single(new DkimVerifier(failing).verify(signed));

        assertEquals("key lookup failed (temporary): ed1._domainkey.example.com TXT: timed out", result.reason());
    }

    @Test
    void shouldFailWhenSignatureExpired() throws Exception {
        String signed = text(sign(ED, "relaxed/relaxed", "-", false, MESSAGE));
        long inAnHour = Instant.now().getEpochSecond() + 3600;
        String withExpiry = signed.replaceFirst("DKIM-Signature: ", "DKIM-Signature: x=" + inAnHour + "; ");
        Clock tomorrow = Clock.fixed(Instant.now().plusSeconds(86400), ZoneOffset.UTC);

        DkimResult result = single(verifier().withClock(tomorrow).verify(bytes(withExpiry)));

        assertEquals("signature expired (x=" + Instant.ofEpochSecond(inAnHour) + ")", result.reason());
    }

    @Test
    void shouldFailWhenSignatureTimestampInFuture() throws Exception {
        byte[] signed = sign(ED, "relaxed/relaxed", "-", false, MESSAGE);
        Clock lastYear = Clock.fixed(Instant.now().minusSeconds(365L * 86400), ZoneOffset.UTC);

        DkimResult result = single(verifier().withClock(lastYear).verify(signed));

        assertTrue(result.reason().matches("bad tag: t=.* is in the future"), result.reason());
    }

    @Test
    void shouldNameTheBadTag() {
        assertEquals("bad tag: v=2 is not 1", reasonFor("v=2; a=rsa-sha256; d=example.com; s=a; h=from; bh=; b="));
        assertEquals("bad tag: bh= is missing", reasonFor("v=1; a=rsa-sha256; d=example.com; s=a; h=from; b="));
        assertEquals("bad tag: h= does not sign From", reasonFor("v=1; a=rsa-sha256; d=example.com; s=a; h=to; bh=; b="));
        assertEquals("bad tag: a=rsa-sha1 is no longer accepted (RFC 8301)",
                reasonFor("v=1; a=rsa-sha1; d=example.com; s=a; h=from; bh=; b="));
        assertEquals("bad tag: i=news@example.net is not in the domain d=example.com",
                reasonFor("v=1; a=rsa-sha256; d=example.com; s=a; h=from; i=news@example.net; bh=; b="));
        assertEquals("bad tag: l=ten is not a number",
                reasonFor("v=1; a=rsa-sha256; d=example.com; s=a; h=from; l=ten; bh=; b="));
        assertEquals("bad tag list: tag d= appears twice",
                reasonFor("v=1; a=rsa-sha256; d=example.com; d=example.org; s=a; h=from; bh=; b="));
    }

    @Test
    void shouldGiveNoResultWhenMessageUnsigned() {
        assertEquals(List.of(), verifier().verify(MESSAGE));
    }

    private static String reasonFor(String signatureValue) {
        byte[] message = bytes("DKIM-Signature: " + signatureValue + "\r\n" + text(MESSAGE));
        return single(verifier().verify(message)).reason();
    }

    private static DkimVerifier verifier() {
        return new DkimVerifier(name -> KEYS.containsKey(name) ? List.of(KEYS.get(name)) : List.of());
    }

    private static byte[] sign(String selector, String canonicalization, String headers, boolean length, byte[] message)
            throws Exception {
        KeyPair key = selector.equals(RSA) ? DkimTestKeys.RSA : DkimTestKeys.ED25519;
        return dkimpy.sign(message, key, selector, DOMAIN, canonicalization, headers, length);
    }

    private static String algorithm(String selector) {
        return selector.equals(RSA) ? "rsa-sha256" : "ed25519-sha256";
    }

    private static DkimResult single(List<DkimResult> results) {
        assertEquals(1, results.size(), results.toString());
        return results.get(0);
    }

    private static byte[] crlf(String text) {
        return bytes(text.replace("\n", "\r\n"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
