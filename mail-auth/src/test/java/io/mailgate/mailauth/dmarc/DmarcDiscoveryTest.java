package io.mailgate.mailauth.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.mailgate.mailauth.spf.SpfDns;
import org.junit.jupiter.api.Test;

class DmarcDiscoveryTest {

    /** TXT records from a map; a value of null stands for a DNS failure. */
    private static final class MapDns implements SpfDns {
        final Map<String, List<String>> txt = new HashMap<>();

        @Override
        public List<String> lookup(String name, Type type) throws DnsFailure {
            if (txt.containsKey(name) && txt.get(name) == null) {
                throw new DnsFailure("timed out");
            }
            return type == Type.TXT ? txt.getOrDefault(name, List.of()) : List.of();
        }
    }

    private final MapDns dns = new MapDns();
    private final DmarcDiscovery discovery = new DmarcDiscovery(dns);

    @Test
    void discoverShouldFindTheDomainsOwnRecord() {
        dns.txt.put("_dmarc.example.com", List.of("some other text", "v=DMARC1; p=reject; adkim=s"));
        DmarcDiscovery.Found found = assertInstanceOf(DmarcDiscovery.Found.class, discovery.discover("Example.COM."));
        assertEquals(Alignment.STRICT, found.record().dkimAlignment());
        assertEquals("example.com", found.recordDomain());
    }

    @Test
    void discoverShouldFallBackToTheOrganizationalDomain() {
        dns.txt.put("_dmarc.example.co.uk", List.of("v=DMARC1; p=none; sp=quarantine"));
        DmarcDiscovery.Found found = assertInstanceOf(DmarcDiscovery.Found.class, discovery.discover("news.example.co.uk"));
        assertEquals("example.co.uk", found.recordDomain());
        assertEquals(DmarcRecord.Policy.QUARANTINE, found.record().policyFor("news.example.co.uk", found.recordDomain()));
    }

    @Test
    void discoverShouldReportTwoRecordsAsInvalid() {
        dns.txt.put("_dmarc.example.com", List.of("v=DMARC1; p=reject", "v=DMARC1; p=none"));
        DmarcDiscovery.Invalid invalid = assertInstanceOf(DmarcDiscovery.Invalid.class, discovery.discover("example.com"));
        assertTrue(invalid.problem().contains("2 DMARC records"), invalid.problem());
    }

    @Test
    void discoverShouldReportAbsenceAndDnsFailure() {
        assertInstanceOf(DmarcDiscovery.Absent.class, discovery.discover("news.example.com"));
        dns.txt.put("_dmarc.example.com", null);
        assertInstanceOf(DmarcDiscovery.TempError.class, discovery.discover("example.com"));
    }
}
