package io.mailgate.feedback;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Delivery status notifications (RFC 3464): one finding per per-recipient block of the delivery-status part. */
final class DsnParser {

    private DsnParser() {
    }

    static boolean applies(MessageParts message) {
        return !statusParts(message).isEmpty();
    }

    static List<Finding> parse(MessageParts message) {
        List<Finding> findings = new ArrayList<>();
        String humanText = BounceText.region(message);
        String sender = message.senderContext();
        String command = SmtpCommand.find(humanText);
        for (MessageParts.Leaf part : statusParts(message)) {
            List<FieldBlock> blocks = FieldBlock.parseAll(part.text());
            FieldBlock perMessage = blocks.isEmpty() ? null : blocks.get(0);
            String reportingMta = perMessage == null ? "" : Texts.withoutTypePrefix(perMessage.get("Reporting-MTA"));
            for (FieldBlock block : blocks) {
                if (!block.has("Final-Recipient") && !block.has("Original-Recipient")) {
                    continue;
                }
                findings.add(finding(block, reportingMta, sender, command, humanText));
            }
        }
        return findings;
    }

    private static Finding finding(FieldBlock block, String reportingMta, String sender, String command,
                                   String humanText) {
        String recipient = Texts.bareAddress(block.has("Final-Recipient")
                ? block.get("Final-Recipient") : block.get("Original-Recipient"));
        String diagnostic = Texts.collapse(Texts.withoutTypePrefix(block.get("Diagnostic-Code")));
        String status = Texts.firstStatus(block.get("Status"));
        String diagnosticStatus = Texts.firstStatus(diagnostic);
        // A generic X.0.0 in the Status field says less than the remote server's own code.
        if ((status.isEmpty() || status.endsWith(".0.0")) && !diagnosticStatus.isEmpty()) {
            status = diagnosticStatus;
        }
        String replyCode = Texts.firstReplyCode(diagnostic);
        String action = block.get("Action").toLowerCase(Locale.ROOT).trim();
        String remoteMta = Texts.withoutTypePrefix(block.get("Remote-MTA"));
        String provider = String.join(" ", domainOf(recipient), remoteMta, reportingMta, sender);
        // "Status: 5.2.1 (mailbox disabled)": the comment is the reporting MTA's reading of the code.
        String statusComment = block.get("Status").replaceFirst("^\\s*[245]\\.\\d+\\.\\d+\\s*", "").trim();

        if (action.startsWith("delivered") || action.startsWith("relayed") || action.startsWith("expanded")
                || status.startsWith("2.")) {
            return new Finding("dsn", recipient, status, replyCode, command, diagnostic, provider, "delivered", "");
        }
        // Without the remote server's words, the human-readable part explains the failure.
        String text = diagnostic.isEmpty() ? Texts.collapse(humanText) : diagnostic;
        if (!statusComment.isEmpty()) {
            text = text + " " + statusComment;
        }
        if (status.isEmpty()) {
            status = Texts.firstStatus(text);
        }
        if (replyCode.isEmpty() && diagnostic.isEmpty()) {
            replyCode = Texts.firstReplyCode(humanText);
        }
        if (action.startsWith("delayed") && !text.toLowerCase(Locale.ROOT).contains("delay")) {
            text = text + " (delivery delayed)";
        }
        return Finding.bounce("dsn", recipient, status, replyCode, command, text, provider);
    }

    private static List<MessageParts.Leaf> statusParts(MessageParts message) {
        List<MessageParts.Leaf> parts = new ArrayList<>(message.leavesOf("message/delivery-status"));
        parts.addAll(message.leavesOf("message/global-delivery-status"));
        return parts;
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1);
    }
}
