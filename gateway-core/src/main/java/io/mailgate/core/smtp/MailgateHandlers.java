package io.mailgate.core.smtp;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.smtp.core.UnknownCmdHandler;
import org.apache.james.protocols.lib.handler.HandlersPackage;
import org.apache.james.protocols.smtp.core.ExpnCmdHandler;
import org.apache.james.protocols.smtp.core.HeloCmdHandler;
import org.apache.james.protocols.smtp.core.HelpCmdHandler;
import org.apache.james.protocols.smtp.core.NoopCmdHandler;
import org.apache.james.protocols.smtp.core.QuitCmdHandler;
import org.apache.james.protocols.smtp.core.ReceivedDataLineFilter;
import org.apache.james.protocols.smtp.core.RsetCmdHandler;
import org.apache.james.protocols.smtp.core.VrfyCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.AuthCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.EhloCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.StartTlsCmdHandler;
import org.apache.james.protocols.smtp.core.log.HookResultLogger;
import org.apache.james.smtpserver.AddDefaultAttributesMessageHook;
import org.apache.james.smtpserver.DataLineJamesMessageHookHandler;
import org.apache.james.smtpserver.JamesDataCmdHandler;
import org.apache.james.smtpserver.JamesMailCmdHandler;
import org.apache.james.smtpserver.JamesRcptCmdHandler;
import org.apache.james.smtpserver.JamesWelcomeMessageHandler;

/**
 * The SMTP server's handler chain: James's command handlers, with the gateway's own hooks in the
 * places where James would check its local users (AUTH, relay rights) and queue the message.
 * Order matters: the bare-CR filter sees each DATA line before anything is written, the size
 * limit before the message is built, and the gateway's message hooks run before the 250.
 */
public final class MailgateHandlers implements HandlersPackage {

    private static final List<String> HANDLERS = chain(List.of(AuthCmdHandler.class, ExpnCmdHandler.class),
            List.of(TenantAuthHook.class, RelayAccessHook.class),
            List.of(MessageChecksHook.class, EnqueueMessageHook.class));

    /**
     * James's SMTP commands and DATA handling with a listener's own parts in their places:
     * {@code commands} beside the common ones, {@code sessionHooks} (AUTH, MAIL, RCPT hooks) after
     * the size limit, {@code messageHooks} at the end of DATA in order (the last one answers 250).
     */
    public static List<String> chain(List<Class<?>> commands, List<Class<?>> sessionHooks, List<Class<?>> messageHooks) {
        List<Class<?>> handlers = new ArrayList<>(List.of(JamesWelcomeMessageHandler.class, CommandDispatcher.class,
                JamesDataCmdHandler.class, EhloCmdHandler.class, HeloCmdHandler.class, HelpCmdHandler.class,
                JamesMailCmdHandler.class, NoopCmdHandler.class, QuitCmdHandler.class, JamesRcptCmdHandler.class,
                RsetCmdHandler.class, VrfyCmdHandler.class));
        handlers.addAll(commands);
        handlers.add(MessageSizeLimit.class);
        handlers.addAll(sessionHooks);
        handlers.addAll(List.of(BareCarriageReturnFilter.class, ReceivedDataLineFilter.class,
                DataLineJamesMessageHookHandler.class, StartTlsCmdHandler.class, AddDefaultAttributesMessageHook.class));
        handlers.addAll(messageHooks);
        handlers.addAll(List.of(UnknownCmdHandler.class, HookResultLogger.class));
        return handlers.stream().map(Class::getName).toList();
    }

    @Override
    public List<String> getHandlers() {
        return HANDLERS;
    }
}
