package io.mailgate.core.store;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Derby writes its own log ({@code derby.stream.error.field}): into ours, one line per event,
 * instead of a {@code derby.log} file in whatever directory the process started in.
 */
public final class DerbyLog extends OutputStream {

    /** Named by the {@code derby.stream.error.field} system property; Derby reads it reflectively. */
    public static final OutputStream STREAM = new DerbyLog();

    private static final Logger LOG = LoggerFactory.getLogger("org.apache.derby");

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private DerbyLog() {
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            flushLine();
        } else if (b != '\r') {
            line.write(b);
        }
    }

    @Override
    public synchronized void flush() {
        flushLine();
    }

    private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8).strip();
        line.reset();
        if (!text.isEmpty()) {
            LOG.info(text);
        }
    }
}
