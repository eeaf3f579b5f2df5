package io.mailgate.core.smtp;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a message whose DATA holds a bare CR (a CR not followed by LF) and closes the session.
 * James already refuses bare LF; some receivers end a line at a bare CR, so a {@code <CR>.<CR>}
 * could end the message for them early and smuggle a second one. Nothing of the message is queued.
 */
public final class BareCarriageReturnFilter implements DataLineFilter {

    private static final Logger LOGGER = LoggerFactory.getLogger(BareCarriageReturnFilter.class);

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        int last = line.length - 1;
        for (int i = 0; i < last; i++) {
            if (line[i] == '\r' && line[i + 1] != '\n') {
                return refuse(session);
            }
        }
        if (last >= 0 && line[last] == '\r') {
            return refuse(session);
        }
        return next.onLine(session, line);
    }

    private static Response refuse(SMTPSession session) {
        LOGGER.warn("client={}: bare <CR> in DATA, message refused and session closed (possible SMTP smuggling)",
                session.getRemoteAddress().getAddress().getHostAddress());
        session.popLineHandler();
        session.resetState();
        SMTPResponse response = new SMTPResponse("500", "5.5.2 Error: bare <CR> received");
        response.setEndSession(true);
        return response;
    }
}
