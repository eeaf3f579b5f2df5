package io.mailgate.mailauth.spf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** IP address parsing, matching and the macro text forms. */
class IpAddressesTest {

    @Test
    void parseClientShouldGiveIp4WhenIp4Mapped() {
        assertArrayEquals(new byte[] {1, 2, 3, 4}, IpAddresses.parseClient("::FFFF:1.2.3.4"));
    }

    @Test
    void parseClientShouldGiveSixteenBytesWhenIp6() {
        assertEquals(16, IpAddresses.parseClient("2001:db8::1").length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.example.com", "1.2.3", "1.2.3.256", "", "2001:db8::1::2"})
    void parseClientShouldFailWhenNotALiteral(String text) {
        assertThrows(IllegalArgumentException.class, () -> IpAddresses.parseClient(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"01.2.3.4", "1.2.3.04", "1.2.3.4.5", "1.2.3", " 1.2.3.4"})
    void parseIp4ShouldRejectWhenNotStrictDottedQuad(String text) {
        assertNull(IpAddresses.parseIp4(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {":CAFE::BABE", "1.2.3.4", "CAFE:BABE", "g::1"})
    void parseIp6ShouldRejectWhenNotIp6(String text) {
        assertNull(IpAddresses.parseIp6(text));
    }

    @Test
    void inNetworkShouldMatchWhenInsidePrefix() {
        byte[] network = IpAddresses.parseIp4("192.0.2.128");

        assertTrue(IpAddresses.inNetwork(IpAddresses.parseIp4("192.0.2.200"), network, 25));
        assertFalse(IpAddresses.inNetwork(IpAddresses.parseIp4("192.0.2.100"), network, 25));
        assertTrue(IpAddresses.inNetwork(IpAddresses.parseIp4("10.0.0.1"), network, 0));
    }

    @Test
    void inNetworkShouldNotMatchWhenFamiliesDiffer() {
        assertFalse(IpAddresses.inNetwork(IpAddresses.parseIp4("1.1.1.1"), IpAddresses.parseIp6("::1.1.1.1"), 0));
    }

    @Test
    void reverseNameShouldGiveInAddrArpaWhenIp4() {
        assertEquals("4.3.2.1.in-addr.arpa", IpAddresses.reverseName(IpAddresses.parseIp4("1.2.3.4")));
    }

    @Test
    void reverseNameShouldGiveNibblesWhenIp6() {
        assertEquals("1.0.B.C.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2.ip6.arpa",
                IpAddresses.reverseName(IpAddresses.parseIp6("2001:db8::cb01")));
    }

    @ParameterizedTest
    @CsvSource({
            "CAFE:BABE::1, cafe:babe::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "0:0:0:0:0:0:0:1, ::1",
            "1:0:0:0:0:0:0:0, 1::",
            "0:0:0:0:0:0:0:0, ::"
    })
    void readableShouldGiveRfc5952FormWhenIp6(String address, String expected) {
        assertEquals(expected, IpAddresses.readable(IpAddresses.parseIp6(address)));
    }

    @Test
    void readableShouldGiveDottedQuadWhenIp4() {
        assertEquals("192.0.2.3", IpAddresses.readable(IpAddresses.parseIp4("192.0.2.3")));
    }
}
