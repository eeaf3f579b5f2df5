package io.mailgate.mailauth.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OrganizationalDomainTest {

    @Test
    void ofShouldKeepOneLabelBelowThePublicSuffix() {
        assertEquals("example.com", OrganizationalDomain.of("mail.news.example.com"));
        assertEquals("example.co.uk", OrganizationalDomain.of("mail.example.co.uk"));
        assertEquals("example.com", OrganizationalDomain.of("example.com"));
    }

    @Test
    void ofShouldNormalizeCaseTrailingDotAndUnicode() {
        assertEquals("example.com", OrganizationalDomain.of("Mail.EXAMPLE.com."));
        assertEquals("xn--bcher-kva.de", OrganizationalDomain.of("news.bücher.de"));
    }

    @Test
    void ofShouldTakeTheLastTwoLabelsUnderAnUnlistedSuffix() {
        assertEquals("b.test", OrganizationalDomain.of("a.b.test"));
    }

    @Test
    void isPublicSuffixShouldKnowIcannAndPrivateSuffixes() {
        assertTrue(OrganizationalDomain.isPublicSuffix("com"));
        assertTrue(OrganizationalDomain.isPublicSuffix("co.uk"));
        assertTrue(OrganizationalDomain.isPublicSuffix("CO.UK."));
        assertTrue(OrganizationalDomain.isPublicSuffix("github.io"));
        assertFalse(OrganizationalDomain.isPublicSuffix("example.co.uk"));
        assertFalse(OrganizationalDomain.isPublicSuffix("acme.test"));
    }

    @Test
    void relaxedAlignmentShouldAcceptDomainsOfOneOrganization() {
        assertTrue(Alignment.RELAXED.aligned("news.example.com", "example.com"));
        assertTrue(Alignment.RELAXED.aligned("example.com", "mail.EXAMPLE.com."));
        assertFalse(Alignment.RELAXED.aligned("example.com", "example.org"));
        assertFalse(Alignment.RELAXED.aligned("a.co.uk", "b.co.uk"));
    }

    @Test
    void strictAlignmentShouldAcceptOnlyTheSameDomain() {
        assertTrue(Alignment.STRICT.aligned("Example.com", "example.com."));
        assertFalse(Alignment.STRICT.aligned("news.example.com", "example.com"));
    }
}
