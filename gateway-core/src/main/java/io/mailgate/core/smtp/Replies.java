package io.mailgate.core.smtp;

import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;

import io.mailgate.api.Verdict;

/**
 * SMTP replies in one place, so that a code and its enhanced status always agree (4xx with 4.x.x,
 * 5xx with 5.x.x) and the texts read like Postfix's.
 */
public final class Replies {

    private Replies() {
    }

    /** A permanent refusal: {@code code} is 5xx, {@code status} 5.x.x. */
    public static HookResult reject(String code, String status, String text) {
        return result(HookReturnCode.deny(), code, status, text);
    }

    /** A temporary refusal: {@code code} is 4xx, {@code status} 4.x.x. */
    public static HookResult defer(String code, String status, String text) {
        return result(HookReturnCode.denySoft(), code, status, text);
    }

    /** A refusal that also closes the connection. */
    public static HookResult rejectAndDisconnect(String code, String status, String text) {
        return result(HookReturnCode.disconnected(HookReturnCode.Action.DENY), code, status, text);
    }

    /** The reply a stage's verdict maps to at SMTP time; an accept declines. {@code rejectCode} is 550 or 553. */
    static HookResult fromVerdict(Verdict verdict, String rejectCode, String subject) {
        return switch (verdict.kind()) {
            case ACCEPT -> HookResult.DECLINED;
            case DEFER -> defer("450", "4.7.1", subject + verdict.describe());
            case REJECT, SKIP_RECIPIENT, QUARANTINE -> reject(rejectCode, "5.7.1", subject + verdict.describe());
        };
    }

    private static HookResult result(HookReturnCode returnCode, String code, String status, String text) {
        if (code.charAt(0) != status.charAt(0)) {
            throw new IllegalArgumentException("reply code " + code + " does not match enhanced status " + status);
        }
        return HookResult.builder()
                .hookReturnCode(returnCode)
                .smtpReturnCode(code)
                .smtpDescription(status + " " + text)
                .build();
    }
}
