package io.mailgate.feedback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Non-standard bounces: the wording MTAs (Postfix, Exim, Sendmail, qmail, Exchange, Gmail, ...) put in plain text.
 * The text before the returned original is the "report region"; recipients are the addresses that start a
 * line there, and each one's diagnostic is the text up to the next such address.
 */
final class BounceText {

    // Where the returned original starts: the report ends there.
    private static final Pattern ORIGINAL_STARTS = Pattern.compile(
            "^\\s*(?:-{2,}|={2,}|_{2,})?\\s*(?:"
                    + "original message|this is a copy of|unsent message follows|returned message follows"
                    + "|message headers? follows?|below this line is a copy|original message headers?"
                    + "|the original message|headers of the original|forwarded message|copy of the original"
                    + "|your message reads"
                    + ")"
                    + "|^(?:Return-Path|Received|DKIM-Signature|X-Received|Message-ID):\\s",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    private static final Pattern BOUNCE_SENDER = Pattern.compile(
            "mailer-daemon|postmaster|mail delivery|mail administrator|mdaemon|mailer_daemon|bounce|noreply-dmarc",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BOUNCE_SUBJECT = Pattern.compile(
            "undeliver|delivery (?:status|fail|problem|notification|report)|returned mail|failure notice"
                    + "|mail delivery failed|could not be delivered|non-?delivery|non remis|delivery has failed"
                    + "|mail system error|not delivered|nondeliverable|returned to sender|rejected|bounce"
                    + "|delivery failure|message failure|failed delivery|warning: could not send"
                    + "|unzustellbar|error sending|delayed mail|delivery delayed|mail could not|permanent error",
            Pattern.CASE_INSENSITIVE);

    // An address that opens a line (after a code, "<" or "RCPT To:"), as failed-recipient lists write it.
    private static final Pattern ANCHOR = Pattern.compile(
            "^[ \\t>]*(?:[245]\\d\\d[ \\t]+|Recipient address:\\s*|RCPT To:\\s*|To:\\s*|Original-Recipient:.*?;\\s*"
                    + "|Failed recipient:\\s*|Address:\\s*|Could not be delivered to:\\s*)?[\"'<(]?(" + Texts.ADDRESS.pattern() + ")",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    // Where a recipient's own text ends at the latest: the next unindented reply or transcript line.
    private static final Pattern SEGMENT_END = Pattern.compile(
            "^(?:[245]\\d\\d[ -]|>>>|\\.\\.\\. while talking|while talking)", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    private BounceText() {
    }

    /** Does the envelope look like a bounce (sender, subject, Exim's failed-recipients header)? */
    static boolean hasBounceHeaders(MessageParts message) {
        return !message.header("X-Failed-Recipients").isEmpty()
                || BOUNCE_SENDER.matcher(message.header("From")).find()
                || BOUNCE_SUBJECT.matcher(message.header("Subject")).find();
    }

    private static final Pattern BOUNCE_WORDING = Pattern.compile(
            "could not be delivered|undeliverable|delivery (?:has )?failed|failed permanently|permanent error"
                    + "|unable to deliver|was not delivered|delivery to the following",
            Pattern.CASE_INSENSITIVE);

    /** Does the report text carry SMTP codes or failure wording (weak signs, for messages with ordinary headers)? */
    static boolean hasCodesOrWording(MessageParts message) {
        String region = region(message);
        return !Texts.firstStatus(region).isEmpty() || !Texts.firstReplyCode(region).isEmpty()
                || BOUNCE_WORDING.matcher(region).find();
    }

    /** The report region: the human-readable text parts, cut where the returned original begins. */
    static String region(MessageParts message) {
        StringBuilder text = new StringBuilder();
        for (MessageParts.Leaf leaf : message.leaves) {
            if (leaf.is("text/plain") || leaf.type().equals("text/enriched")) {
                text.append(leaf.text()).append('\n');
            }
        }
        if (text.isEmpty()) {
            for (MessageParts.Leaf leaf : message.leavesOf("text/html")) {
                text.append(stripHtml(leaf.text())).append('\n');
            }
        }
        String all = text.toString().replace("\r\n", "\n").replace('\r', '\n');
        Matcher cut = ORIGINAL_STARTS.matcher(all);
        while (cut.find()) {
            // A cut at the very top would leave nothing: some reports begin with a quoted header.
            if (all.substring(0, cut.start()).strip().length() > 20) {
                return all.substring(0, cut.start());
            }
        }
        return all;
    }

    static List<Finding> parse(MessageParts message) {
        String region = region(message);
        String bounceFrom = Texts.bareAddress(message.header("From"));
        String sender = message.senderContext();
        Set<String> notRecipients = Set.of(bounceFrom.toLowerCase(Locale.ROOT),
                Texts.bareAddress(message.header("To")).toLowerCase(Locale.ROOT));

        Map<String, Integer> anchors = new LinkedHashMap<>();
        List<int[]> spans = new ArrayList<>();
        Matcher m = ANCHOR.matcher(region);
        while (m.find()) {
            String address = Texts.trimDots(m.group(1));
            String key = address.toLowerCase(Locale.ROOT);
            if (notRecipients.contains(key) || key.startsWith("mailer-daemon@") || key.startsWith("postmaster@")) {
                continue;
            }
            if (!anchors.containsKey(key)) {
                anchors.put(key, spans.size());
                spans.add(new int[] {m.start(1), 0});
            }
        }
        List<String> recipients = new ArrayList<>(anchors.keySet());
        if (recipients.isEmpty()) {
            String failed = Texts.bareAddress(message.header("X-Failed-Recipients"));
            recipients.add(failed);
            spans.add(new int[] {0, 0});
        }

        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            // One recipient: the whole report explains it. Several: each gets the text up to the next one.
            String segment = recipients.size() == 1 ? region : segment(region, spans, i);
            String status = Texts.firstStatus(segment);
            String reply = Texts.firstReplyCode(segment);
            if (status.isEmpty() && reply.isEmpty() && recipients.size() > 1) {
                status = Texts.firstStatus(region);
                reply = Texts.firstReplyCode(region);
            }
            String recipient = recipients.get(i);
            String provider = String.join(" ", DsnParser.domainOf(recipient), sender);
            String command = SmtpCommand.find(segment);
            if (command.isEmpty()) {
                command = SmtpCommand.find(region);
            }
            findings.add(Finding.bounce("mta-text", recipient, status, reply, command,
                    Texts.collapse(diagnosticOf(segment)), provider));
        }
        return findings;
    }

    private static String segment(String region, List<int[]> spans, int i) {
        int start = spans.get(i)[0];
        int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : region.length();
        int lineEnd = region.indexOf('\n', start);
        if (lineEnd >= 0 && lineEnd < end) {
            Matcher next = SEGMENT_END.matcher(region).region(lineEnd + 1, end);
            if (next.find()) {
                end = next.start();
            }
        }
        return region.substring(start, end);
    }

    // The boilerplate before the first code or address says nothing about the recipient; keep it short.
    private static String diagnosticOf(String segment) {
        return Texts.limit(segment.strip(), 2000);
    }

    static String stripHtml(String html) {
        return html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
                .replaceAll("(?i)<br\\s*/?>|</p>|</div>|</tr>", "\n")
                .replaceAll("<[^>]+>", " ")
                .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
