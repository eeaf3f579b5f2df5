package io.mailgate.mailauth.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which names are queried and which identities are checked. */
class DomainNamesTest {

    @Test
    void forQueryShouldDropTrailingDotWhenPresent() {
        assertEquals(Optional.of("example.com"), DomainNames.forQuery("example.com."));
    }

    @Test
    void forQueryShouldCutLeftLabelsWhenLongerThan253() {
        String label = "a".repeat(59);
        String name = "xyz." + label + "." + label + "." + label + "." + label + ".example.com"; // 255 characters

        Optional<String> query = DomainNames.forQuery(name);

        assertEquals(label + "." + label + "." + label + "." + label + ".example.com", query.orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.example...com", "", ".", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com"})
    void forQueryShouldGiveNothingWhenNotADnsName(String name) {
        assertTrue(DomainNames.forQuery(name).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "example.com.", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com"})
    void isCheckableShouldAcceptWhenMultiLabelName(String domain) {
        assertTrue(DomainNames.isCheckable(domain));
    }

    @ParameterizedTest
    @ValueSource(strings = {"A2345678", "[1.2.3.5]", "A...example.com", "", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com"})
    void isCheckableShouldRejectWhenMalformedOrSingleLabel(String domain) {
        assertFalse(DomainNames.isCheckable(domain));
    }
}
