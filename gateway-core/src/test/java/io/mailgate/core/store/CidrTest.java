package io.mailgate.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void parseShouldKeepAnIpv4NetworkAsWritten() {
        assertEquals("192.0.2.0/24", Cidr.parse("192.0.2.0/24").toString());
        assertEquals("0.0.0.0/0", Cidr.parse("0.0.0.0/0").toString());
    }

    @Test
    void parseShouldTakeABareAddressAsOneHost() {
        assertEquals("192.0.2.7/32", Cidr.parse(" 192.0.2.7 ").toString());
        assertEquals("2001:db8::1/128", Cidr.parse("2001:db8::1").toString());
    }

    @Test
    void parseShouldWriteIpv6InCanonicalForm() {
        assertEquals("2001:db8::/32", Cidr.parse("2001:0DB8:0000::/32").toString());
        assertEquals("2001:db8:0:1::/64", Cidr.parse("2001:db8:0:1:0:0:0:0/64").toString());
        assertEquals("::/0", Cidr.parse("::/0").toString());
        assertEquals("1:0:2::/48", Cidr.parse("1:0:2::/48").toString());
    }

    @Test
    void parseShouldSuggestTheNetworkWhenHostBitsAreSet() {
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> Cidr.parse("10.1.2.3/8"));
        assertTrue(failure.getMessage().contains("did you mean 10.0.0.0/8?"), failure.getMessage());
    }

    @Test
    void parseShouldRejectWhatIsNotANetwork() {
        for (String bad : new String[] {"", "localhost", "example.com/24", "10.0.0/8", "256.0.0.0/8", "10.0.0.0/33",
                "10.0.0.0/-1", "10.0.0.0/", "2001:db8::/129", "2001:db8::g/32", "fe80::1%eth0/128", "010.0.0.0/8",
                "::ffff:10.0.0.0/104"}) {
            assertThrows(InvalidInputException.class, () -> Cidr.parse(bad), bad);
        }
    }

    @Test
    void containsShouldMatchIpv4AndIpv4MappedAddresses() throws UnknownHostException {
        Cidr network = Cidr.parse("192.0.2.0/24");
        assertTrue(network.contains(InetAddress.getByName("192.0.2.200")));
        assertFalse(network.contains(InetAddress.getByName("192.0.3.1")));
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 9};
        assertTrue(network.contains(java.net.Inet6Address.getByAddress(null, mapped, -1)));
    }

    @Test
    void containsShouldMatchIpv6() throws UnknownHostException {
        Cidr network = Cidr.parse("2001:db8:abcd::/48");
        assertTrue(network.contains(InetAddress.getByName("2001:db8:abcd:12::5")));
        assertFalse(network.contains(InetAddress.getByName("2001:db8:abce::5")));
        assertFalse(network.contains(InetAddress.getByName("192.0.2.1")));
    }
}
