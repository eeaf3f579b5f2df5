package io.mailgate.feedback;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Feedback-loop complaints: ARF (RFC 5965) reports, one finding per Original-Rcpt-To of each
 * message/feedback-report part, and the plain complaint mails of providers that send the original without ARF.
 */
final class ArfParser {

    private static final Pattern COMPLAINT_SUBJECT = Pattern.compile(
            "complaint about message|abuse report|spam report|feedback report", Pattern.CASE_INSENSITIVE);
    private static final Pattern COMPLAINT_HEADERS = Pattern.compile(
            "^X-HmXmrOriginalRecipient:", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    private ArfParser() {
    }

    static boolean applies(MessageParts message) {
        return !message.leavesOf("message/feedback-report").isEmpty()
                || "feedback-report".equals(message.topParameter("report-type"))
                || looksLikePlainComplaint(message);
    }

    static List<Finding> parse(MessageParts message) {
        List<Finding> findings = new ArrayList<>();
        String original = originalHeaders(message);
        String summary = Texts.limit(Texts.collapse(BounceText.region(message)), 300);
        List<MessageParts.Leaf> reports = message.leavesOf("message/feedback-report");
        for (MessageParts.Leaf report : reports) {
            FieldBlock fields = mergedFields(report.text());
            String type = fields.get("Feedback-Type").toLowerCase(Locale.ROOT).trim();
            if (type.isEmpty()) {
                type = "other";
            }
            List<String> recipients = new ArrayList<>();
            for (String rcpt : fields.getAll("Original-Rcpt-To")) {
                recipients.add(Texts.bareAddress(rcpt));
            }
            if (recipients.isEmpty() && fields.has("Removal-Recipient")) {
                recipients.add(Texts.bareAddress(fields.get("Removal-Recipient")));
            }
            if (recipients.isEmpty()) {
                recipients.add(originalRecipient(original));
            }
            String diagnostic = summary.isEmpty() ? "Feedback-Type: " + type : summary;
            for (String recipient : recipients) {
                findings.add(complaint("arf", recipient, type, diagnostic));
            }
        }
        if (findings.isEmpty()) {
            // No machine-readable report: the complaint is about the attached original's recipient.
            findings.add(complaint("complaint-text", originalRecipient(original), "abuse", summary));
        }
        return findings;
    }

    private static Finding complaint(String kind, String recipient, String type, String diagnostic) {
        return new Finding(kind, recipient, "", "", "", diagnostic, "", "feedback", type);
    }

    private static boolean looksLikePlainComplaint(MessageParts message) {
        if (!COMPLAINT_SUBJECT.matcher(message.header("Subject")).find()) {
            return false;
        }
        return COMPLAINT_HEADERS.matcher(originalHeaders(message)).find()
                || message.header("From").toLowerCase(Locale.ROOT).matches(".*(staff|abuse|feedback|fbl).*");
    }

    // Some reporters split the report into blocks; the fields of all blocks count.
    private static FieldBlock mergedFields(String body) {
        return FieldBlock.parseAll(body.replaceAll("(?m)^\\s*$\\r?\\n", ""))
                .stream().findFirst().orElseGet(() -> FieldBlock.parseAll("X: x").get(0));
    }

    private static String originalHeaders(MessageParts message) {
        StringBuilder text = new StringBuilder();
        for (MessageParts.Leaf leaf : message.leaves) {
            if (leaf.is("message/rfc822") || leaf.is("text/rfc822-headers") || leaf.is("text/rfc822-header")
                    || leaf.is("message/rfc822-headers")) {
                String t = leaf.text();
                int end = t.indexOf("\n\n");
                int endCrLf = t.indexOf("\r\n\r\n");
                int cut = end < 0 ? endCrLf : endCrLf < 0 ? end : Math.min(end, endCrLf);
                text.append(cut < 0 ? t : t.substring(0, cut)).append('\n');
            }
        }
        return text.toString();
    }

    private static String originalRecipient(String originalHeaders) {
        List<FieldBlock> blocks = FieldBlock.parseAll(originalHeaders.replaceAll("(?m)^\\s*$\\r?\\n", ""));
        if (blocks.isEmpty()) {
            return "";
        }
        FieldBlock headers = blocks.get(0);
        for (String name : List.of("X-HmXmrOriginalRecipient", "Original-Rcpt-To", "Delivered-To", "To")) {
            if (headers.has(name)) {
                return Texts.bareAddress(headers.get(name));
            }
        }
        return "";
    }
}
