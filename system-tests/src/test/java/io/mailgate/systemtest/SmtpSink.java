package io.mailgate.systemtest;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The downstream SMTP server of the tests: a small but real SMTP server on 127.0.0.1 that takes
 * every message (EHLO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT) and keeps it for
 * the test to inspect. It can be stopped and started again on the same port, to play a next hop
 * that is down.
 */
final class SmtpSink implements AutoCloseable {

    record Received(String sender, List<String> recipients, String data) {
        String header(String name) {
            Matcher m = Pattern.compile("(?mi)^" + Pattern.quote(name) + ":\\s*(.*)$").matcher(headers());
            return m.find() ? m.group(1).trim() : null;
        }

        String headers() {
            int end = data.indexOf("\r\n\r\n");
            return end < 0 ? data : data.substring(0, end);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Replies to RCPT TO for chosen recipients, each used once; a recipient with none left gets 250. */
    private final java.util.Map<String, java.util.Deque<String>> recipientReplies = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean hangUpAfterEachMessage;
    private final InetAddress address;
    private volatile int port;
    private volatile ServerSocket server;
    private volatile ExecutorService sessions;

    private SmtpSink(InetAddress address, int port) {
        this.address = address;
        this.port = port;
    }

    static SmtpSink start() throws IOException {
        return new SmtpSink(InetAddress.getLoopbackAddress(), 0).listen();
    }

    /** A sink on a given address and port: an MX host on port 25 of some 127.x.y.z address. */
    static SmtpSink startOn(InetAddress address, int port) throws IOException {
        return new SmtpSink(address, port).listen();
    }

    /** A sink that is not listening yet, on a port kept for it: delivery to it fails until {@link #listen()}. */
    static SmtpSink down() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new SmtpSink(InetAddress.getLoopbackAddress(), probe.getLocalPort());
        }
    }

    synchronized SmtpSink listen() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new java.net.InetSocketAddress(address, port));
        port = socket.getLocalPort();
        server = socket;
        sessions = Executors.newCachedThreadPool();
        Thread acceptor = new Thread(this::acceptLoop, "smtp-sink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    int port() {
        return port;
    }

    /** The next RCPT TO for {@code recipient} gets these replies, one per attempt, then 250. */
    void replyToRecipient(String recipient, String... replies) {
        recipientReplies.computeIfAbsent(recipient, r -> new java.util.concurrent.ConcurrentLinkedDeque<>())
                .addAll(List.of(replies));
    }

    /** How many SMTP connections the sink has taken so far. */
    int connections() {
        return connections.get();
    }

    /** From now on, closes each connection right after its message, without a word: a peer that drops kept connections. */
    void hangUpAfterEachMessage() {
        hangUpAfterEachMessage = true;
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Waits until {@code count} messages matching {@code filter} arrived, or the time is up. */
    List<Received> awaitMessages(int count, Duration timeout, Predicate<Received> filter) throws Exception {
        Await.until(timeout, () -> received.stream().filter(filter).count() >= count);
        return received.stream().filter(filter).toList();
    }

    List<Received> awaitMessages(int count, Duration timeout) throws Exception {
        return awaitMessages(count, timeout, r -> true);
    }

    private void acceptLoop() {
        ServerSocket socket = server;
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.incrementAndGet();
                sessions.submit(() -> session(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket client) {
        try (client;
             BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
             OutputStream out = client.getOutputStream()) {
            reply(out, "220 sink.test ESMTP");
            String sender = null;
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String upper = line.toUpperCase();
                if (upper.startsWith("EHLO")) {
                    reply(out, "250-sink.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 104857600");
                } else if (upper.startsWith("HELO")) {
                    reply(out, "250 sink.test");
                } else if (upper.startsWith("MAIL FROM:")) {
                    sender = between(line, '<', '>');
                    recipients = new ArrayList<>();
                    reply(out, "250 2.1.0 Ok");
                } else if (upper.startsWith("RCPT TO:")) {
                    String recipient = between(line, '<', '>');
                    java.util.Deque<String> planned = recipientReplies.get(recipient);
                    String planned1 = planned == null ? null : planned.pollFirst();
                    if (planned1 != null) {
                        reply(out, planned1);
                    } else {
                        recipients.add(recipient);
                        reply(out, "250 2.1.5 Ok");
                    }
                } else if (upper.equals("DATA") && recipients.isEmpty()) {
                    reply(out, "554 5.5.1 Error: no valid recipients");
                } else if (upper.equals("DATA")) {
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    ByteArrayOutputStream data = new ByteArrayOutputStream();
                    String dataLine;
                    while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
                        String unstuffed = dataLine.startsWith(".") ? dataLine.substring(1) : dataLine;
                        data.write((unstuffed + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    }
                    received.add(new Received(sender, List.copyOf(recipients), data.toString(StandardCharsets.ISO_8859_1)));
                    reply(out, "250 2.0.0 Ok: queued");
                    if (hangUpAfterEachMessage) {
                        return;
                    }
                } else if (upper.startsWith("RSET")) {
                    sender = null;
                    recipients = new ArrayList<>();
                    reply(out, "250 2.0.0 Ok");
                } else if (upper.startsWith("NOOP")) {
                    reply(out, "250 2.0.0 Ok");
                } else if (upper.startsWith("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else {
                    reply(out, "502 5.5.2 Error: command not recognized");
                }
            }
        } catch (SocketException e) {
            // the client or the test closed the connection
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String between(String line, char open, char close) {
        int start = line.indexOf(open);
        int end = line.indexOf(close, start + 1);
        return start < 0 || end < 0 ? "" : line.substring(start + 1, end);
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Stops listening and drops open sessions; {@link #listen()} starts again on the same port. */
    synchronized void stop() throws IOException {
        if (server != null) {
            server.close();
            sessions.shutdownNow();
            server = null;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
