package io.mailgate.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.Test;

import io.mailgate.api.MailgateAttributes;

class MailCopyTest {

    @Test
    void aMessageDeferredAgainAndAgainShouldStillBeCopied() throws Exception {
        Mail mail = MailImpl.builder().name("Mail1-original").sender("news@acme.test")
                .addRecipients(new MailAddress("a@example.org"), new MailAddress("b@example.org")).build();
        mail.setAttribute(new Attribute(MailgateAttributes.QUEUE_ID, AttributeValue.of("Mail1-original")));
        Mail copy = mail;
        // James's own duplicate refuses after seven generations; a deferral loop goes on for days.
        for (int generation = 0; generation < 50; generation++) {
            copy = MailCopy.of(copy, List.of(new MailAddress("b@example.org")));
        }
        assertEquals(List.of(new MailAddress("b@example.org")), List.copyOf(copy.getRecipients()));
        assertEquals("Mail1-original", MailgateAttributes.queueId(copy), "the log lines stay together");
        assertNotEquals(mail.getName(), copy.getName());
        assertTrue(copy.getName().length() < 80, copy.getName());
    }
}
