package io.mailgate.core.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.mailgate.mailauth.spf.DnsjavaSpfDns;
import io.mailgate.mailauth.spf.Rfc7208Evaluator;
import org.junit.jupiter.api.Test;

/**
 * The verifier over real dnsjava against a UDP server on 127.0.0.1 that answers with broken
 * packets: every record must come out as a temperror that says DNS did not answer, nothing throws.
 */
class MalformedDnsTest {

    /** Answers every query with what {@code reply} makes of it. */
    private static final class BrokenDnsServer implements AutoCloseable {
        final DatagramSocket socket;
        final Thread thread;

        BrokenDnsServer(UnaryOperator<byte[]> reply) throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(() -> {
                byte[] buffer = new byte[512];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                        socket.receive(query);
                        byte[] answer = reply.apply(Arrays.copyOf(query.getData(), query.getLength()));
                        socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            }, "broken-dns");
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    @Test
    void garbageAfterTheQueryIdShouldBeATemperrorForEveryRecord() throws Exception {
        // the right id, then bytes that are no DNS message
        assertAllTemperror(query -> new byte[] {query[0], query[1], (byte) 0x81, (byte) 0x80, 0, 1, 0, 7, 'g', 'a', 'r'});
    }

    @Test
    void truncatedAnswerShouldBeATemperrorForEveryRecord() throws Exception {
        // the query echoed with QR and TC set: dnsjava retries over TCP, where nobody listens
        assertAllTemperror(query -> {
            byte[] answer = query.clone();
            answer[2] = (byte) (answer[2] | 0x82);
            return answer;
        });
    }

    @Test
    void serverFailureShouldBeATemperrorForEveryRecord() throws Exception {
        assertAllTemperror(query -> {
            byte[] answer = query.clone();
            answer[2] = (byte) (answer[2] | 0x80);
            answer[3] = (byte) ((answer[3] & 0xF0) | 2); // SERVFAIL
            return answer;
        });
    }

    private static void assertAllTemperror(UnaryOperator<byte[]> reply) throws Exception {
        try (BrokenDnsServer server = new BrokenDnsServer(reply)) {
            DnsjavaSpfDns dns = DnsjavaSpfDns.of(List.of(server.address()), Duration.ofMillis(500));
            DomainVerifier verifier = new DomainVerifier(dns, new Rfc7208Evaluator(dns), List.of("192.0.2.10"));
            DomainState state = new DomainState("t1", "example.com", "token",
                    List.of(DkimKeyPair.generate("mg-ed-202601", DkimKeyPair.Algorithm.ED25519)),
                    Optional.empty(), true, "", false, null, Map.of());
            DomainVerifier.Verification verification = verifier.verify(state);
            assertEquals(5, verification.checks().size(), verification.toString());
            for (RecordCheck check : verification.checks().values()) {
                assertEquals(RecordStatus.TEMPERROR, check.status(), check.toString());
                assertTrue(check.reason().contains("a temporary failure alone does not unverify the domain"), check.reason());
            }
            assertTrue(SendingDomainService.decide(verification.checks(), true).verified(),
                    "a verified domain stays verified through DNS failures");
        }
    }
}
