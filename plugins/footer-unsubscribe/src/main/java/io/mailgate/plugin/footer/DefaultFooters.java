package io.mailgate.plugin.footer;

import java.util.Locale;

/**
 * The gateway's own footers, in English and Russian, for tenants that have not saved templates of
 * their own. A language other than Russian gets English.
 */
final class DefaultFooters {

    static final FooterTemplate ENGLISH = new FooterTemplate("""
            --
            {{consent}}
            Unsubscribe: {{unsubscribe_url}}
            {{identity}}""", """
            <div style="margin-top:24px;padding-top:12px;border-top:1px solid #cccccc;font-size:12px;color:#555555">\
            <p style="margin:0 0 6px 0">{{consent}}</p>\
            <p style="margin:0 0 6px 0"><a href="{{unsubscribe_url}}" style="color:#1a5fb4">Unsubscribe</a></p>\
            <p style="margin:0">{{identity}}</p></div>""");

    static final FooterTemplate RUSSIAN = new FooterTemplate("""
            --
            {{consent}}
            Отписаться: {{unsubscribe_url}}
            {{identity}}""", """
            <div style="margin-top:24px;padding-top:12px;border-top:1px solid #cccccc;font-size:12px;color:#555555">\
            <p style="margin:0 0 6px 0">{{consent}}</p>\
            <p style="margin:0 0 6px 0"><a href="{{unsubscribe_url}}" style="color:#1a5fb4">Отписаться</a></p>\
            <p style="margin:0">{{identity}}</p></div>""");

    private DefaultFooters() {
    }

    static FooterTemplate forLanguage(String language) {
        return language.toLowerCase(Locale.ROOT).startsWith("ru") ? RUSSIAN : ENGLISH;
    }

    /** REQ-5 when the resource gives no statement of its own. */
    static String consent(String language, String list, String company) {
        boolean russian = language.toLowerCase(Locale.ROOT).startsWith("ru");
        if (list.isEmpty()) {
            return russian ? "Вы получили это письмо как адресат " + company + "."
                    : "You receive this as a correspondent of " + company + ".";
        }
        return russian ? "Вы получили это письмо, потому что подписались на рассылку «" + list + "» от " + company + "."
                : "You receive this because you subscribed to " + list + " from " + company + ".";
    }
}
