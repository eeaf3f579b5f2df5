package io.mailgate.mailauth.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DmarcRecordParserTest {

    @Test
    void parseShouldFillTheRfcDefaultsWhenOnlyPolicyIsGiven() throws Exception {
        DmarcRecord record = DmarcRecordParser.parse("v=DMARC1; p=quarantine");
        assertEquals(DmarcRecord.Policy.QUARANTINE, record.policy());
        assertEquals(DmarcRecord.Policy.QUARANTINE, record.subdomainPolicy());
        assertEquals(Alignment.RELAXED, record.dkimAlignment());
        assertEquals(Alignment.RELAXED, record.spfAlignment());
        assertEquals(100, record.percent());
        assertEquals(Set.of("0"), record.failureOptions());
        assertEquals(Duration.ofDays(1), record.reportInterval());
    }

    @Test
    void parseShouldReadEveryTag() throws Exception {
        DmarcRecord record = DmarcRecordParser.parse(" v = DMARC1 ;p=reject; sp=none; adkim=s; aspf=s; pct=20;"
                + " rua=mailto:agg@example.com,mailto:agg2@example.net!10m; ruf=mailto:f@example.com; fo=1:d;"
                + " ri=3600; rf=afrf;");
        assertEquals(DmarcRecord.Policy.REJECT, record.policy());
        assertEquals(DmarcRecord.Policy.NONE, record.subdomainPolicy());
        assertEquals(Alignment.STRICT, record.dkimAlignment());
        assertEquals(Alignment.STRICT, record.spfAlignment());
        assertEquals(20, record.percent());
        assertEquals(List.of("mailto:agg@example.com", "mailto:agg2@example.net!10m"), record.aggregateReports());
        assertEquals(List.of("mailto:f@example.com"), record.failureReports());
        assertEquals(Set.of("1", "d"), record.failureOptions());
        assertEquals(Duration.ofHours(1), record.reportInterval());
    }

    @Test
    void parseShouldIgnoreUnknownTags() throws Exception {
        assertEquals(DmarcRecord.Policy.NONE, DmarcRecordParser.parse("v=DMARC1; p=none; np=reject; x=1").policy());
    }

    @Test
    void parseShouldRefuseARecordWithoutPolicy() {
        DmarcRecordException e = assertThrows(DmarcRecordException.class,
                () -> DmarcRecordParser.parse("v=DMARC1; rua=mailto:a@example.com"));
        assertTrue(e.getMessage().contains("no p= tag"), e.getMessage());
    }

    @Test
    void parseShouldRefuseARecordThatDoesNotStartWithTheVersion() {
        assertThrows(DmarcRecordException.class, () -> DmarcRecordParser.parse("p=reject; v=DMARC1"));
        assertThrows(DmarcRecordException.class, () -> DmarcRecordParser.parse("v=DMARC2; p=reject"));
        assertThrows(DmarcRecordException.class, () -> DmarcRecordParser.parse("v=spf1 -all"));
    }

    @Test
    void parseShouldNameTheTagWhenAValueIsUnknown() {
        assertMessage("v=DMARC1; p=block", "p=block is not a policy");
        assertMessage("v=DMARC1; p=none; sp=maybe", "sp=maybe is not a policy");
        assertMessage("v=DMARC1; p=none; adkim=x", "adkim=x is not an alignment mode");
        assertMessage("v=DMARC1; p=none; aspf=strict", "aspf=strict is not an alignment mode");
        assertMessage("v=DMARC1; p=none; pct=101", "pct=101 is not a percentage");
        assertMessage("v=DMARC1; p=none; pct=-1", "pct=-1 is not a percentage");
        assertMessage("v=DMARC1; p=none; fo=2", "'2' is not a failure option");
        assertMessage("v=DMARC1; p=none; ri=1h", "ri=1h is not a number of seconds");
        assertMessage("v=DMARC1; p=none; rua=agg@example.com", "is not a URI");
        assertMessage("v=DMARC1; p=none; p=reject", "appears twice");
        assertMessage("v=DMARC1; p=none; garbage", "is not a tag=value pair");
    }

    @Test
    void looksLikeDmarcShouldTellDmarcFromOtherTxtRecords() {
        assertTrue(DmarcRecordParser.looksLikeDmarc("v=DMARC1; p=none"));
        assertTrue(DmarcRecordParser.looksLikeDmarc("v=DMARC1"));
        assertFalse(DmarcRecordParser.looksLikeDmarc("v=DMARC10; p=none"));
        assertFalse(DmarcRecordParser.looksLikeDmarc("google-site-verification=abc"));
    }

    private static void assertMessage(String record, String expected) {
        DmarcRecordException e = assertThrows(DmarcRecordException.class, () -> DmarcRecordParser.parse(record));
        assertTrue(e.getMessage().contains(expected), record + " -> " + e.getMessage());
    }
}
