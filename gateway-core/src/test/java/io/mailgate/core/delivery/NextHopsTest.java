package io.mailgate.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.TemporaryResolutionException;
import org.junit.jupiter.api.Test;

import io.mailgate.core.delivery.Outcome.Kind;

/** Routing decisions over a fixed DNS answer table (the real resolver is exercised in MxDeliveryTest). */
class NextHopsTest {

    /** MX answers by domain (absent: SERVFAIL), addresses by host (absent: NXDOMAIN). */
    private record Answers(Map<String, List<String>> mx, Map<String, List<String>> addresses) implements DNSService {
        @Override
        public Collection<String> findMXRecords(String domain) throws TemporaryResolutionException {
            List<String> answer = mx.get(domain);
            if (answer == null) {
                throw new TemporaryResolutionException("SERVFAIL for " + domain);
            }
            return answer;
        }

        @Override
        public Collection<InetAddress> getAllByName(String host) throws UnknownHostException {
            List<String> answer = addresses.get(host);
            if (answer == null) {
                throw new UnknownHostException(host);
            }
            List<InetAddress> result = new java.util.ArrayList<>();
            for (String literal : answer) {
                result.add(InetAddress.getByName(literal));
            }
            return result;
        }

        @Override
        public Collection<String> findTXTRecords(String name) {
            return List.of();
        }

        @Override
        public InetAddress getByName(String host) throws UnknownHostException {
            return getAllByName(host).iterator().next();
        }

        @Override
        public InetAddress getLocalHost() throws UnknownHostException {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public String getHostName(InetAddress address) {
            return address.getHostAddress();
        }
    }

    private static final Answers DNS = new Answers(
            Map.of("example.test", List.of("mx1.example.test", "mx2.example.test"),
                    "nomail.test", List.of("."),
                    "half.test", List.of("gone.half.test", "mx.half.test"),
                    "nowhere.test", List.of("nohost.nowhere.test")),
            Map.of("mx1.example.test", List.of("192.0.2.1", "2001:db8::1"),
                    "mx2.example.test", List.of("192.0.2.2"),
                    "mx.half.test", List.of("192.0.2.3"),
                    "relay.test", List.of("192.0.2.9")));

    @Test
    void mxHostsShouldComeInOrderWithEveryAddress() throws Exception {
        List<NextHops.Hop> hops = new NextHops(DNS, Optional.empty()).resolve("example.test");
        assertEquals(List.of("mx1.example.test[192.0.2.1]:25", "mx1.example.test[2001:db8:0:0:0:0:0:1]:25",
                "mx2.example.test[192.0.2.2]:25"), hops.stream().map(NextHops.Hop::toString).toList());
    }

    @Test
    void anExchangerWithoutAddressShouldBePassedOver() throws Exception {
        assertEquals(List.of("mx.half.test[192.0.2.3]:25"),
                new NextHops(DNS, Optional.empty()).resolve("half.test").stream().map(NextHops.Hop::toString).toList());
    }

    @Test
    void aNullMxShouldRefuseForGood() {
        NextHops.NoRoute noRoute = assertThrows(NextHops.NoRoute.class, () -> new NextHops(DNS, Optional.empty()).resolve("nomail.test"));
        assertEquals(Kind.PERMANENT, noRoute.outcome.kind());
        assertEquals(556, noRoute.outcome.code());
    }

    @Test
    void noAddressAtAllShouldRefuseForGood() {
        NextHops.NoRoute noRoute = assertThrows(NextHops.NoRoute.class, () -> new NextHops(DNS, Optional.empty()).resolve("nowhere.test"));
        assertEquals(Kind.PERMANENT, noRoute.outcome.kind());
        assertEquals("550 5.1.2 Host or domain name not found: no MX or address for nowhere.test", noRoute.outcome.reply());
    }

    @Test
    void aDnsFailureShouldDefer() {
        NextHops.NoRoute noRoute = assertThrows(NextHops.NoRoute.class, () -> new NextHops(DNS, Optional.empty()).resolve("servfail.test"));
        assertEquals(Kind.TEMPORARY, noRoute.outcome.kind());
        assertEquals(451, noRoute.outcome.code());
    }

    @Test
    void aSmartHostShouldTakeEveryDomainOnItsPort() throws Exception {
        NextHops hops = new NextHops(DNS, Optional.of(InetSocketAddress.createUnresolved("relay.test", 2525)));
        assertEquals(List.of("relay.test[192.0.2.9]:2525"),
                hops.resolve("anything.test").stream().map(NextHops.Hop::toString).toList());
    }
}
