package io.mailgate.core.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ExpectedRecordsTest {

    private static final DkimKeyPair RSA = DkimKeyPair.generate("mg-rsa-202601", DkimKeyPair.Algorithm.RSA);
    private static final DkimKeyPair ED25519 = DkimKeyPair.generate("mg-ed-202601", DkimKeyPair.Algorithm.ED25519);

    private static DomainState state() {
        return new DomainState("t1", "example.com", "0123abcd", List.of(RSA, ED25519), Optional.empty(), false, "",
                false, null, Map.of());
    }

    @Test
    void ofShouldListEveryRecordToPublish() {
        List<ExpectedRecords.ExpectedRecord> records = ExpectedRecords.of(state(), List.of("192.0.2.10", "2001:db8::10"));
        assertEquals(List.of("_mailgate.example.com", "example.com", "mg-rsa-202601._domainkey.example.com",
                "mg-ed-202601._domainkey.example.com", "_dmarc.example.com", "example.com"),
                records.stream().map(ExpectedRecords.ExpectedRecord::name).toList());
        assertEquals("mailgate-verification=0123abcd", records.get(0).value());
        assertEquals("v=spf1 ip4:192.0.2.10 ip6:2001:db8::10 -all", records.get(1).value());
        assertTrue(records.get(2).value().startsWith("v=DKIM1; k=rsa; p=MII"), records.get(2).value());
        assertTrue(records.get(3).value().startsWith("v=DKIM1; k=ed25519; p="));
        assertEquals("v=DMARC1; p=quarantine", records.get(4).value());
        assertEquals("MX", records.get(5).type());
    }

    @Test
    void ed25519KeyShouldBePublishedAsTheRaw32BytesOfRfc8463() {
        assertEquals(32, Base64.getDecoder().decode(ED25519.publicKey()).length);
    }

    @Test
    void rsaKeyShouldBe2048BitsAndVerifyWhatThePrivateKeySigned() throws Exception {
        var publicKey = KeyFactory.getInstance("RSA").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(RSA.publicKey())));
        assertEquals(2048, ((java.security.interfaces.RSAPublicKey) publicKey).getModulus().bitLength());
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(RSA.privateKey());
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signature));
    }

    @Test
    void dkimTagsShouldDropFoldingWhiteSpaceInsideValues() {
        assertEquals("abcdef", DomainVerifier.dkimTags("v=DKIM1; k=rsa; p=abc def\t").get("p"));
    }

    @Test
    void decideShouldKeepAVerifiedDomainVerifiedThroughATemporaryDnsFailure() {
        Map<String, RecordCheck> checks = Map.of(
                "ownership", new RecordCheck("ownership", RecordStatus.TEMPERROR, "DNS did not answer"),
                "spf", new RecordCheck("spf", RecordStatus.OK, ""),
                "mailboxes", new RecordCheck("mailboxes", RecordStatus.WARNING, "no MX"));
        assertTrue(SendingDomainService.decide(checks, true).verified());
        SendingDomainService.Decision notYet = SendingDomainService.decide(checks, false);
        assertEquals(false, notYet.verified());
        assertTrue(notYet.reason().startsWith("not verified yet: DNS did not answer"), notYet.reason());
    }

    @Test
    void decideShouldUnverifyOnAMissingRecordButNotOnAWarning() {
        Map<String, RecordCheck> checks = Map.of(
                "dmarc", new RecordCheck("dmarc", RecordStatus.WARNING, "p=none"),
                "spf", new RecordCheck("spf", RecordStatus.MISSING, "no SPF record"));
        assertEquals(new SendingDomainService.Decision(false, "no SPF record"), SendingDomainService.decide(checks, true));
        assertTrue(SendingDomainService.decide(Map.of("dmarc", checks.get("dmarc")), false).verified());
    }
}
