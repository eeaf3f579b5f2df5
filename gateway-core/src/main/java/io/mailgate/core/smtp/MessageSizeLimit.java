package io.mailgate.core.smtp;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.MailSizeEsmtpExtension;

/**
 * The message size limit ({@code smtp.max-message-size}): James's SIZE extension (the EHLO
 * keyword and the MAIL FROM SIZE= check) with its DATA-time check redone. James 3.8.1 answers an
 * oversize DATA with {@code 552 Quota exceeded}, without an enhanced status code, after handing
 * the end of data on to the message handlers. Here the rest of the message is read and dropped,
 * nothing reaches the message handlers, and the reply is {@code 552 5.3.4}.
 */
public final class MessageSizeLimit extends MailSizeEsmtpExtension {

    private static final ProtocolSession.AttachmentKey<Boolean> TOO_BIG =
            ProtocolSession.AttachmentKey.of("mailgate.message-too-big", Boolean.class);

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        boolean endOfData = line.length == 3 && line[0] == '.';
        if (session.getAttachment(TOO_BIG, ProtocolSession.State.Transaction).orElse(false)) {
            if (!endOfData) {
                return null;
            }
            session.popLineHandler();
            session.resetState();
            return new SMTPResponse("552", "5.3.4 Error: message file too big");
        }
        if (endOfData) {
            return next.onLine(session, line);
        }
        Long sizeSoFar = session.currentMessageSize();
        long size = (sizeSoFar == null ? 0 : sizeSoFar) + line.length;
        session.setCurrentMessageSize(size);
        long max = session.getConfiguration().getMaxMessageSize();
        if (max > 0 && size > max) {
            session.setAttachment(TOO_BIG, Boolean.TRUE, ProtocolSession.State.Transaction);
            return null;
        }
        return next.onLine(session, line);
    }
}
