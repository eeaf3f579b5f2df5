package io.mailgate.plugin.dkimsign;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The "relaxed" body canonicalization of RFC 6376, section 3.4.4.
 *
 * <p>Input: the body bytes of a message whose lines end with CRLF (see {@link RawMessage}).
 * Output, written to a stream (a digest in the signer, a byte array in tests): every line with
 * its trailing WSP removed and each inner run of WSP turned into one space; the empty lines at
 * the end of the body left out; CRLF after the last line when the body does not end with one.
 * An empty body (or one of empty lines only) gives no bytes at all.
 */
final class RelaxedBody {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] CRLF = {CR, LF};

    private RelaxedBody() {
    }

    static void write(byte[] message, int bodyStart, OutputStream out) throws IOException {
        int pendingEmptyLines = 0;
        int lineStart = bodyStart;
        while (lineStart < message.length) {
            int crlf = indexOfCrlf(message, lineStart);
            int lineEnd = crlf < 0 ? message.length : crlf;
            int contentEnd = lineEnd;
            while (contentEnd > lineStart && isWsp(message[contentEnd - 1])) {
                contentEnd--;
            }
            if (contentEnd == lineStart) {
                // Empty once its trailing WSP is gone: written only if a line with content follows.
                pendingEmptyLines++;
            } else {
                for (; pendingEmptyLines > 0; pendingEmptyLines--) {
                    out.write(CRLF);
                }
                writeCompressed(message, lineStart, contentEnd, out);
                out.write(CRLF);
            }
            lineStart = crlf < 0 ? message.length : crlf + 2;
        }
    }

    private static void writeCompressed(byte[] message, int from, int to, OutputStream out) throws IOException {
        int runStart = from;
        for (int i = from; i < to; i++) {
            if (isWsp(message[i])) {
                out.write(message, runStart, i - runStart);
                out.write(' ');
                while (i + 1 < to && isWsp(message[i + 1])) {
                    i++;
                }
                runStart = i + 1;
            }
        }
        out.write(message, runStart, to - runStart);
    }

    private static int indexOfCrlf(byte[] message, int from) {
        for (int i = from; i + 1 < message.length; i++) {
            if (message[i] == CR && message[i + 1] == LF) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isWsp(byte b) {
        return b == ' ' || b == '\t';
    }
}
