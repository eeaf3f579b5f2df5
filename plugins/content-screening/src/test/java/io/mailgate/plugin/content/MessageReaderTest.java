package io.mailgate.plugin.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

/** MIME read properly: every text part in its charset and transfer encoding, HTML as text, hidden text, links. */
class MessageReaderTest {

    private final MessageReader reader = new MessageReader(ScreeningSettings.DEFAULT_HEADERS);

    private static String base64(String text, String charset) {
        return Base64.getMimeEncoder().encodeToString(text.getBytes(Charset.forName(charset)));
    }

    @Test
    void shouldDecodeEveryTextPartInItsCharsetAndEncoding() {
        String raw = "From: a@tenant.test\r\nSubject: =?koi8-r?B?" + base64("Привет", "KOI8-R").strip() + "?=\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=KOI8-R\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + base64("часть один", "KOI8-R") + "\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=windows-1251\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + qp("часть два", "windows-1251") + "\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=ISO-8859-5\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + base64("часть три", "ISO-8859-5") + "\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=x-unknown-charset\r\n\r\nunknown charset part\r\n"
                + "--b1\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"setup.exe\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + base64("часть бинарная", "UTF-8") + "\r\n"
                + "--b1--\r\n";
        MessageText text = reader.read(Screen.message(raw.getBytes(Charset.forName("ISO-8859-1"))));

        assertEquals("Привет", text.field("subject"));
        assertTrue(text.field("body").contains("часть один"), text.field("body"));
        assertTrue(text.field("body").contains("часть два"), text.field("body"));
        assertTrue(text.field("body").contains("часть три"), text.field("body"));
        assertTrue(text.field("body").contains("unknown charset part"), text.field("body"));
        assertTrue(!text.field("body").contains("бинарная"), "binary parts are not read");
        assertEquals("setup exe", text.field("attachments"));
    }

    private static String qp(String text, String charset) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(Charset.forName(charset))) {
            int v = b & 0xff;
            out.append(v > 32 && v < 127 && v != '=' ? String.valueOf((char) v) : String.format("=%02X", v));
        }
        return out.toString();
    }

    @Test
    void shouldReadHtmlAsTextAndCountHiddenText() {
        MessageText text = reader.read(Screen.html("Hi", "<html><body><p>Visible words</p>"
                + "<div style=\"display:none\">hidden one</div><span style=\"font-size:1px\">tiny</span>"
                + "<font color=\"#ffffff\">white</font><a href=\"https://shop.example.com/x\">shop</a>"
                + "<img src=\"https://cdn.example.net/a.png\"></body></html>"));

        assertTrue(text.field("html").startsWith("Visible words"), text.field("html"));
        assertEquals("hidden one".length() + "tiny".length() + "white".length(), text.hiddenChars());
        List<String> hosts = text.links().stream().map(Link::host).toList();
        assertTrue(hosts.containsAll(List.of("shop.example.com", "cdn.example.net")), hosts.toString());
    }

    @Test
    void shouldFindBareLinksInText() {
        MessageText text = reader.read(Screen.text("Hi", "See http://old.example.org/page, www.example.com and bit.ly/abc."));

        List<String> urls = text.links().stream().map(Link::url).toList();
        assertEquals(List.of("http://old.example.org/page", "www.example.com", "bit.ly/abc"), urls);
    }
}
