package io.mailgate.core.unsubscribe;

import java.util.Locale;

/**
 * The pages a recipient sees, in English and Russian: the question (with the sender's name and the
 * choice between this list and everything from the sender) and the confirmation. Plain HTML with a
 * form, no script: it works in any browser and in mail clients' viewers.
 */
final class UnsubscribePage {

    private UnsubscribePage() {
    }

    static String language(String requested, String acceptLanguage) {
        String wanted = requested != null && !requested.isBlank() ? requested
                : acceptLanguage == null ? "en" : acceptLanguage;
        return wanted.strip().toLowerCase(Locale.ROOT).startsWith("ru") ? "ru" : "en";
    }

    static String question(String language, String token, String sender, String list) {
        boolean ru = language.equals("ru");
        String choice = list.isEmpty()
                ? "<input type=\"hidden\" name=\"scope\" value=\"all\">"
                : "<p><label><input type=\"radio\" id=\"scope-list\" name=\"scope\" value=\"list\" checked> "
                        + (ru ? "Только от рассылки «" + escape(list) + "»" : "Only from the list \u201c" + escape(list) + "\u201d")
                        + "</label></p><p><label><input type=\"radio\" id=\"scope-all\" name=\"scope\" value=\"all\"> "
                        + (ru ? "От всех писем этого отправителя" : "From everything this sender sends") + "</label></p>";
        String body = "<h1>" + (ru ? "Отписка от писем" : "Unsubscribe") + "</h1>"
                + "<p>" + (ru ? "Отправитель: " : "Sender: ") + "<strong id=\"sender\">" + escape(sender) + "</strong></p>"
                + "<form method=\"post\" action=\"/u/" + token + "\">" + choice
                + "<input type=\"hidden\" name=\"lang\" value=\"" + language + "\">"
                + "<p><button type=\"submit\" id=\"confirm\">" + (ru ? "Подтвердить отписку" : "Confirm") + "</button></p></form>"
                + "<p class=\"lang\"><a id=\"lang-en\" href=\"/u/" + token + "?lang=en\">English</a> · "
                + "<a id=\"lang-ru\" href=\"/u/" + token + "?lang=ru\">Русский</a></p>";
        return page(language, ru ? "Отписка" : "Unsubscribe", body);
    }

    static String confirmation(String language, String sender, boolean everything, String list) {
        boolean ru = language.equals("ru");
        String what = everything || list.isEmpty()
                ? (ru ? "Вы больше не будете получать писем от " : "You will get no more mail from ") + escape(sender) + "."
                : (ru ? "Вы больше не будете получать рассылку «" + escape(list) + "» от " + escape(sender) + "."
                        : "You will get no more of the list \u201c" + escape(list) + "\u201d from " + escape(sender) + ".");
        String body = "<h1 id=\"done\">" + (ru ? "Вы отписаны" : "You are unsubscribed") + "</h1><p>" + what + "</p>";
        return page(language, ru ? "Вы отписаны" : "Unsubscribed", body);
    }

    static String invalid() {
        return page("en", "Invalid link", "<h1>This link is not valid.</h1>");
    }

    static String tooMany() {
        return page("en", "Too many requests", "<h1>Too many requests. Please try again in a minute.</h1>");
    }

    private static String page(String language, String title, String body) {
        return "<!DOCTYPE html><html lang=\"" + language + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">"
                + "<title>" + title + "</title><style>body{font-family:sans-serif;max-width:36em;margin:3em auto;padding:0 1em;"
                + "color:#222}button{font-size:1em;padding:.5em 1.2em}</style></head><body>" + body + "</body></html>";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
