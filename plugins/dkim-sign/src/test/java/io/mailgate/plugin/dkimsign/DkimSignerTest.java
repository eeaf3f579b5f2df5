package io.mailgate.plugin.dkimsign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The signature fields' tags; that they verify is checked by dkimpy in {@link SignedMessagesVerifyTest}. */
class DkimSignerTest {

    private static final Instant TIME = Instant.parse("2026-11-25T12:00:00Z");
    private static final SigningKey RSA = new SigningKey("Example.COM", "mg-rsa", TestKeys.rsa().getPrivate());
    private static final SigningKey ED25519 = new SigningKey("example.com", "mg-ed", TestKeys.ed25519().getPrivate());

    @Test
    void signShouldGiveOneFieldPerKeyWhenTwoKeysGiven() throws Exception {
        List<String> fields = DkimSigner.sign(message("From: a@example.com\r\n\r\nHi\r\n"), List.of(RSA, ED25519), TIME);

        assertEquals(2, fields.size());
        assertEquals("rsa-sha256", tags(fields.get(0)).get("a"));
        assertEquals("mg-rsa", tags(fields.get(0)).get("s"));
        assertEquals("ed25519-sha256", tags(fields.get(1)).get("a"));
        assertEquals("mg-ed", tags(fields.get(1)).get("s"));
    }

    @Test
    void signShouldWriteVersionCanonicalizationDomainAndTimeWhenSigning() throws Exception {
        Map<String, String> tags = tags(sign("From: a@example.com\r\n\r\nHi\r\n"));

        assertEquals("1", tags.get("v"));
        assertEquals("relaxed/relaxed", tags.get("c"));
        assertEquals("example.com", tags.get("d"));
        assertEquals(String.valueOf(TIME.getEpochSecond()), tags.get("t"));
    }

    @Test
    void signShouldNameFromTwiceWhenMessageHasOneFrom() throws Exception {
        String field = sign("Subject: s\r\nFrom: a@example.com\r\nTo: b@example.org\r\n\r\nHi\r\n");

        assertEquals("from:from:to:subject", tags(field).get("h"));
    }

    @Test
    void signShouldNameEveryListedFieldInOrderWhenAllArePresent() throws Exception {
        String field = sign("Reply-To: r@example.com\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
                + "List-Unsubscribe: <https://u.example.com/x>, <mailto:u@example.com>\r\n"
                + "Content-Type: text/plain\r\nMIME-Version: 1.0\r\nMessage-ID: <1@example.com>\r\n"
                + "Date: Wed, 25 Nov 2026 12:00:00 +0000\r\nSubject: s\r\nCc: c@example.org\r\nTo: b@example.org\r\n"
                + "From: a@example.com\r\nX-Other: not signed\r\nReceived: not signed\r\n\r\nHi\r\n");

        assertEquals("from:from:to:cc:subject:date:message-id:mime-version:content-type:list-unsubscribe:"
                + "list-unsubscribe-post:reply-to", tags(field).get("h"));
    }

    @Test
    void signShouldNameFieldAsOftenAsItOccursWhenFieldRepeats() throws Exception {
        String field = sign("From: a@example.com\r\nCc: c@example.org\r\nCc: d@example.org\r\n\r\nHi\r\n");

        assertEquals("from:from:cc:cc", tags(field).get("h"));
    }

    @Test
    void signShouldGiveHashOfEmptyStringWhenBodyIsEmpty() throws Exception {
        // RFC 6376 (errata 3133): the relaxed canonical form of an empty body is empty.
        String field = sign("From: a@example.com\r\n\r\n");

        assertEquals("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", tags(field).get("bh"));
    }

    @Test
    void signShouldGiveSameBodyHashWhenBodiesDifferOnlyInRelaxedWays() throws Exception {
        String first = sign("From: a@example.com\r\n\r\nHello  world\r\n\r\n\r\n");
        String second = sign("From: a@example.com\r\n\r\nHello world \t\r\n");

        assertEquals(tags(first).get("bh"), tags(second).get("bh"));
    }

    @Test
    void signShouldKeepEveryLineWithin78CharactersWhenSignatureIsRsa() throws Exception {
        String field = sign("From: a@example.com\r\nTo: b@example.org\r\nSubject: s\r\n\r\nHi\r\n");

        for (String line : field.split("\r\n")) {
            assertTrue(line.length() <= 78, line.length() + ": " + line);
        }
        assertEquals(344, tags(field).get("b").length());
    }

    @Test
    void signShouldRefuseWhenMessageHasNoFrom() {
        assertThrows(IllegalArgumentException.class, () -> sign("To: b@example.org\r\n\r\nHi\r\n"));
    }

    private static String sign(String message) throws Exception {
        return DkimSigner.sign(message(message), List.of(RSA), TIME).get(0);
    }

    private static RawMessage message(String text) {
        return RawMessage.of(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The tags of a DKIM-Signature field, whitespace removed from the values. */
    static Map<String, String> tags(String field) {
        String value = field.substring(field.indexOf(':') + 1);
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : value.split(";")) {
            String compact = tag.replaceAll("[\\s]", "");
            if (!compact.isEmpty()) {
                int equals = compact.indexOf('=');
                tags.put(compact.substring(0, equals), compact.substring(equals + 1));
            }
        }
        return tags;
    }
}
