package io.mailgate.plugin.content;

import java.util.List;

import io.mailgate.api.Verdict;

/**
 * The outcome of screening one message: the verdict (refuse, defer, quarantine or accept), every
 * finding behind it, the tags to add ("category/rule") and the signals: characters of hidden HTML
 * text, and what could not be read.
 */
record Screening(Verdict verdict, List<Finding> findings, List<String> tags, int hiddenChars, List<String> problems) {
}
