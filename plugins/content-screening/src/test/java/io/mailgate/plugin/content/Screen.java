package io.mailgate.plugin.content;

import io.mailgate.api.ContentRules.Screening;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

/** Test helper: the default rule set of conf/ in a screener, and messages from text. */
final class Screen {

    static final Path DEFAULT_RULES = Path.of("../../conf/content-rules.json");

    private Screen() {
    }

    static List<ContentRule> defaultRules() {
        try {
            return RuleFile.read(DEFAULT_RULES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ContentScreener screener(List<ContentRule> rules, ScreeningSettings settings, CategoryApprovals approvals) {
        RuleEngine engine = new RuleEngine();
        engine.replaceAll(rules);
        return new ContentScreener(engine, settings, null, approvals);
    }

    static ContentScreener defaults() {
        return screener(defaultRules(), ScreeningSettings.defaults(), CategoryApprovals.NONE);
    }

    static MimeMessage message(String raw) {
        return message(raw.getBytes(StandardCharsets.UTF_8));
    }

    static MimeMessage message(byte[] raw) {
        try {
            return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain UTF-8 text message with this subject and body. */
    static MimeMessage text(String subject, String body) {
        return message("From: a@tenant.test\r\nTo: b@example.com\r\nSubject: " + encodeWord(subject)
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + body + "\r\n");
    }

    static MimeMessage html(String subject, String html) {
        return message("From: a@tenant.test\r\nTo: b@example.com\r\nSubject: " + encodeWord(subject)
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + html + "\r\n");
    }

    static String encodeWord(String text) {
        try {
            return javax.mail.internet.MimeUtility.encodeText(text, "UTF-8", "B");
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> rules(Screening screening) {
        List<String> ids = new ArrayList<>();
        screening.findings().forEach(finding -> ids.add(finding.rule()));
        return ids;
    }
}
