package io.mailgate.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.Test;

class InFlowTest {

    @Test
    void aSmallBacklogShouldNotDelayThe250() throws Exception {
        InFlow inFlow = new InFlow(Duration.ofSeconds(5));
        fill(inFlow, InFlow.BACKLOG);
        assertEquals(0, inFlow.pace(), "at the limit, not over it");
    }

    @Test
    void overTheBacklogThe250ShouldWaitForTheChainToTakeAMessage() throws Exception {
        InFlow inFlow = new InFlow(Duration.ofSeconds(30));
        List<Mail> queued = fill(inFlow, InFlow.BACKLOG + 1);
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return inFlow.pace();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertFalse(waiting.isDone(), "waits while the chain is behind");
        inFlow.dequeued(queued.get(0));
        long waited = waiting.get(10, TimeUnit.SECONDS);
        assertTrue(waited >= 200 && waited < 10_000, "waited " + waited + " ms");
        assertEquals(InFlow.BACKLOG, inFlow.backlog());
    }

    @Test
    void theWaitShouldEndAtTheDelayEvenWhenTheChainStaysBehind() throws Exception {
        InFlow inFlow = new InFlow(Duration.ofMillis(300));
        fill(inFlow, InFlow.BACKLOG + 10);
        long waited = inFlow.pace();
        assertTrue(waited >= 300 && waited < 5_000, "waited " + waited + " ms");
    }

    @Test
    void onlyAMessagesFirstPassShouldCount() throws Exception {
        InFlow inFlow = new InFlow(Duration.ofSeconds(1));
        Mail mail = fill(inFlow, 1).get(0);
        inFlow.dequeued(mail);
        inFlow.dequeued(mail);  // deferred, then taken again: not counted twice
        inFlow.dequeued(MailImpl.builder().name("from-before-a-restart").build());
        assertEquals(0, inFlow.backlog());
    }

    @Test
    void zeroShouldTurnThePacingOff() throws Exception {
        InFlow inFlow = new InFlow(Duration.ZERO);
        fill(inFlow, InFlow.BACKLOG * 3);
        assertEquals(0, inFlow.pace());
    }

    private static List<Mail> fill(InFlow inFlow, int count) throws Exception {
        List<Mail> mails = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Mail mail = MailImpl.builder().name("m" + i).build();
            inFlow.mark(mail);
            inFlow.queued();
            mails.add(mail);
        }
        return mails;
    }
}
