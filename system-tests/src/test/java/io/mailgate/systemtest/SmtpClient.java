package io.mailgate.systemtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A line-level SMTP client for tests that must send what a well-behaved library never would
 * (bare LF, odd addresses, commands out of order) and read each reply as it comes.
 */
final class SmtpClient implements AutoCloseable {

    /** One reply: the code of its last line and its whole text. */
    record Reply(int code, String text) {
        String enhanced() {
            String[] lines = text.split("\r?\n");
            String last = lines[lines.length - 1];
            String[] parts = last.substring(4).split(" ", 2);
            return parts[0];
        }
    }

    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    private SmtpClient(Socket socket) throws IOException {
        use(socket);
    }

    static SmtpClient connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, 5000);
        socket.setSoTimeout(20_000);
        return new SmtpClient(socket);
    }

    static SmtpClient connectTls(InetSocketAddress address) throws IOException {
        SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket();
        socket.connect(address, 5000);
        socket.setSoTimeout(20_000);
        socket.startHandshake();
        return new SmtpClient(socket);
    }

    private void use(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        this.out = socket.getOutputStream();
    }

    Reply read() throws IOException {
        StringBuilder text = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed by the server; read so far: " + text);
            }
            text.append(text.length() == 0 ? "" : "\n").append(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return new Reply(Integer.parseInt(line.substring(0, 3)), text.toString());
    }

    /** Sends {@code command} with CRLF and reads the reply. */
    Reply command(String command) throws IOException {
        send(command + "\r\n");
        return read();
    }

    /** Sends raw bytes, exactly as given. */
    void send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** EHLO, STARTTLS, EHLO again over TLS. */
    Reply startTls() throws IOException {
        command("EHLO client.test");
        Reply ready = command("STARTTLS");
        if (ready.code() != 220) {
            return ready;
        }
        SSLSocket tls = (SSLSocket) trustAll().getSocketFactory()
                .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        use(tls);
        return command("EHLO client.test");
    }

    Reply authPlain(String username, String password) throws IOException {
        String token = Base64.getEncoder().encodeToString(("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return command("AUTH PLAIN " + token);
    }

    void setReadTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    /** The peer closed the connection (a read gives end of stream). */
    boolean isClosedByServer() {
        try {
            return in.readLine() == null;
        } catch (IOException e) {
            return true;
        }
    }

    static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
