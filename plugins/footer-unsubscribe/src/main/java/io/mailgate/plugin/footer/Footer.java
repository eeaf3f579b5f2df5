package io.mailgate.plugin.footer;

/**
 * The footer of one message to one recipient, rendered: {@code text} for text/plain parts (lines
 * separated by CRLF or LF), {@code html} for text/html parts (a fragment, values already escaped).
 */
record Footer(String text, String html) {
}
