package io.mailgate.mailauth.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The dnsjava adapter against a resolver that answers from memory (no network). */
class DnsjavaSpfDnsTest {

    private final FakeResolver resolver = new FakeResolver();
    private final DnsjavaSpfDns dns = new DnsjavaSpfDns(resolver);

    @Test
    void lookupShouldJoinStringsWhenTxtRecordHasSeveral() throws Exception {
        resolver.answer(new TXTRecord(name("example.com."), DClass.IN, 300, List.of("v=spf1 ip4:", "192.0.2.5 -all")));

        assertEquals(List.of("v=spf1 ip4:192.0.2.5 -all"), dns.lookup("example.com", SpfDns.Type.TXT));
    }

    @Test
    void lookupShouldKeepNonAsciiBytesWhenTxtNotAscii() throws Exception {
        resolver.answer(Record.fromString(name("example.com."), Type.TXT, DClass.IN, 300, "\"v=spf1 \\239all\"",
                Name.root)); // the byte 0xEF

        assertEquals(List.of("v=spf1 \u00efall"), dns.lookup("example.com", SpfDns.Type.TXT));
    }

    @Test
    void lookupShouldGiveExchangeWithoutFinalDotWhenMx() throws Exception {
        resolver.answer(new MXRecord(name("example.com."), DClass.IN, 300, 10, name("mx1.example.com.")));

        assertEquals(List.of("mx1.example.com"), dns.lookup("example.com.", SpfDns.Type.MX));
    }

    @Test
    void lookupShouldFollowCnameWhenNameIsAlias() throws Exception {
        resolver.answer(new CNAMERecord(name("www.example.com."), DClass.IN, 300, name("host.example.com.")));
        resolver.answer(new ARecord(name("host.example.com."), DClass.IN, 300, InetAddress.getByName("192.0.2.7")));

        assertEquals(List.of("192.0.2.7"), dns.lookup("www.example.com", SpfDns.Type.A));
    }

    @Test
    void lookupShouldGiveNothingWhenNameDoesNotExist() throws Exception {
        resolver.rcode("nowhere.example.com.", Rcode.NXDOMAIN);

        assertEquals(List.of(), dns.lookup("nowhere.example.com", SpfDns.Type.TXT));
    }

    @Test
    void lookupShouldGiveNothingWhenNoRecordOfType() throws Exception {
        resolver.answer(new ARecord(name("example.com."), DClass.IN, 300, InetAddress.getByName("192.0.2.7")));

        assertEquals(List.of(), dns.lookup("example.com", SpfDns.Type.TXT));
    }

    @Test
    void lookupShouldFailWhenServerFails() {
        resolver.rcode("broken.example.com.", Rcode.SERVFAIL);

        assertThrows(SpfDns.DnsFailure.class, () -> dns.lookup("broken.example.com", SpfDns.Type.TXT));
    }

    @Test
    void lookupShouldFailWhenQueryTimesOut() {
        resolver.timeout("slow.example.com.");

        assertThrows(SpfDns.DnsFailure.class, () -> dns.lookup("slow.example.com", SpfDns.Type.TXT));
    }

    @Test
    void lookupShouldGiveNothingWithoutQueryWhenNameTooLong() throws Exception {
        assertEquals(List.of(), dns.lookup("a".repeat(64) + ".example.com", SpfDns.Type.A));
        assertTrue(resolver.queries.isEmpty(), resolver.queries.toString());
    }

    private static Name name(String text) {
        return Name.fromConstantString(text);
    }

    /** Answers from records given by the test; other names answer NOERROR with no records. */
    private static final class FakeResolver implements Resolver {

        private final List<Record> records = new ArrayList<>();
        private final Map<Name, Integer> rcodes = new HashMap<>();
        private final List<Name> timeouts = new ArrayList<>();
        final List<String> queries = new ArrayList<>();

        void answer(Record record) {
            records.add(record);
        }

        void rcode(String name, int rcode) {
            rcodes.put(name(name), rcode);
        }

        void timeout(String name) {
            timeouts.add(name(name));
        }

        @Override
        public Message send(Message query) throws IOException {
            Record question = query.getQuestion();
            queries.add(question.getName() + " " + Type.string(question.getType()));
            if (timeouts.contains(question.getName())) {
                throw new SocketTimeoutException("timed out");
            }
            Message response = new Message(query.getHeader().getID());
            response.getHeader().setFlag(Flags.QR);
            response.getHeader().setFlag(Flags.RA);
            response.addRecord(question, Section.QUESTION);
            response.getHeader().setRcode(rcodes.getOrDefault(question.getName(), Rcode.NOERROR));
            boolean answered = false;
            for (Record record : records) {
                boolean sameName = record.getName().equals(question.getName());
                if (sameName && (record.getType() == question.getType() || record.getType() == Type.CNAME)) {
                    response.addRecord(record, Section.ANSWER);
                    answered = true;
                }
            }
            if (!answered) {
                response.addRecord(new SOARecord(name("example.com."), DClass.IN, 60, name("ns.example.com."),
                        name("hostmaster.example.com."), 1, 3600, 600, 86400, 60), Section.AUTHORITY);
            }
            return response;
        }

        @Override
        public CompletionStage<Message> sendAsync(Message query) {
            return sendAsync(query, Runnable::run);
        }

        @Override
        public CompletionStage<Message> sendAsync(Message query, Executor executor) {
            try {
                return CompletableFuture.completedFuture(send(query));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public void setPort(int port) {
        }

        @Override
        public void setTCP(boolean flag) {
        }

        @Override
        public void setIgnoreTruncation(boolean flag) {
        }

        @Override
        public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        }

        @Override
        public void setTSIGKey(TSIG key) {
        }

        @Override
        public void setTimeout(Duration timeout) {
        }
    }
}
