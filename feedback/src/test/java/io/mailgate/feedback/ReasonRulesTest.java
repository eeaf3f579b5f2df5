package io.mailgate.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReasonRulesTest {

    private static final ReasonRules RULES = ReasonRules.builtIn();

    private static String reason(String status, String reply, String command, String text) {
        return RULES.reasonFor(new Evidence(status, reply, command, text, "mx.example.net"));
    }

    @Test
    void statusCodeFirst() {
        assertEquals("userunknown", reason("5.1.1", "550", "RCPT", "go away"));
        assertEquals("hostunknown", reason("5.1.2", "550", "", ""));
        assertEquals("mailboxfull", reason("5.2.2", "552", "", ""));
        assertEquals("hasmoved", reason("5.1.6", "550", "", ""));
        assertEquals("expired", reason("4.4.7", "", "", ""));
    }

    @Test
    void wordsForGenericCodes() {
        assertEquals("userunknown", reason("5.0.0", "550", "RCPT", "No such user here"));
        assertEquals("blocked", reason("5.7.1", "554", "CONN", "Your IP is listed in zen.spamhaus.org"));
        assertEquals("mailboxfull", reason("4.2.0", "452", "RCPT", "Mailbox over quota"));
        assertEquals("undefined", reason("", "", "", "something odd happened"));
        assertEquals("delivered", reason("2.0.0", "250", "", "ok"));
    }

    @Test
    void userUnknownAfterDataIsAFilter() {
        assertEquals("filtered", reason("5.0.0", "550", "DATA", "User unknown"));
    }

    @Test
    void hardIsDecidedByTheReason() {
        assertTrue(RULES.isHard("userunknown", "4.1.1", "450"));
        assertTrue(RULES.isHard("hostunknown", "", ""));
        assertFalse(RULES.isHard("mailboxfull", "5.2.2", "552"));
        assertFalse(RULES.isHard("blocked", "5.7.1", "554"));
        assertTrue(RULES.isHard("notaccept", "5.1.10", "556"));
        assertFalse(RULES.isHard("notaccept", "4.0.0", ""));
    }

    @Test
    void aCustomTableReplacesTheBuiltIn() {
        ReasonRules custom = ReasonRules.parse("""
                hard: userunknown
                # reason | status | reply | command | provider | text
                suspend  | -      | -     | -       | example  | frozen
                """);
        assertEquals("suspend", custom.reasonFor(new Evidence("5.0.0", "550", "", "Mailbox is frozen", "mx.example.org")));
        assertEquals("undefined", custom.reasonFor(new Evidence("5.0.0", "550", "", "Mailbox is frozen", "other.org")));
    }

    @Test
    void badRowsNameTheirLine() {
        IllegalArgumentException cells = assertThrows(IllegalArgumentException.class,
                () -> ReasonRules.parse("\nuserunknown | 5.1.1 | 550\n"));
        assertTrue(cells.getMessage().startsWith("rule line 2:"), cells.getMessage());
        IllegalArgumentException regex = assertThrows(IllegalArgumentException.class,
                () -> ReasonRules.parse("blocked | - | - | - | - | (unclosed\n"));
        assertTrue(regex.getMessage().startsWith("rule line 1: bad pattern"), regex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReasonRules.parse("blocked | 5.x.Q | - | - | - | -\n"));
        assertThrows(IllegalArgumentException.class, () -> ReasonRules.parse("blocked | - | - | BDAT | - | -\n"));
    }
}
