package io.mailgate.core.feedback;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;

import io.mailgate.core.metrics.GatewayMetrics;
import io.mailgate.core.smtp.Replies;
import io.mailgate.core.unsubscribe.UnsubscribeLinkService;
import io.mailgate.feedback.InvalidVerpTokenException;
import io.mailgate.feedback.VerpCodec;

/**
 * Who the feedback listener takes mail for: addresses at the bounce domain only (it relays
 * nothing), and a VERP or a first-form unsubscribe address ({@code unsubscribe+<token>@}, REQ-2) only
 * when its token is ours, unaltered and not expired. The mailto link's {@code unsubscribe@} carries
 * its token in the subject, checked at the end of DATA.
 */
public final class FeedbackRcptHook implements RcptHook {

    private final ReturnPaths returnPaths;
    private final GatewayMetrics metrics;
    private final UnsubscribeLinkService unsubscribeLinks;

    @Inject
    public FeedbackRcptHook(ReturnPaths returnPaths, GatewayMetrics metrics, UnsubscribeLinkService unsubscribeLinks) {
        this.returnPaths = returnPaths;
        this.metrics = metrics;
        this.unsubscribeLinks = unsubscribeLinks;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        if (!returnPaths.isFeedbackAddress(rcpt.getDomain().asString())) {
            metrics.rejected("relay_denied");
            return Replies.reject("554", "5.7.1", "<" + rcpt.asString() + ">: Relay access denied");
        }
        if (rcpt.getLocalPart().toLowerCase(java.util.Locale.ROOT).startsWith(VerpCodec.LOCAL_PART_PREFIX)) {
            try {
                returnPaths.decode(rcpt.asString());
            } catch (InvalidVerpTokenException e) {
                metrics.rejected("bad_bounce_token");
                return Replies.reject("550", "5.1.1", "<" + rcpt.asString() + ">: Recipient address rejected: "
                        + e.getMessage().replace('\r', ' ').replace('\n', ' '));
            }
        }
        if (UnsubscribeLinkService.isUnsubscribeAddress(rcpt.getLocalPart())) {
            try {
                unsubscribeLinks.readAddress(rcpt.asString());
            } catch (InvalidVerpTokenException e) {
                metrics.rejected("bad_unsubscribe_token");
                return Replies.reject("550", "5.1.1", "<" + rcpt.asString() + ">: Recipient address rejected: "
                        + "not a valid unsubscribe address");
            }
        }
        return HookResult.DECLINED;
    }
}
