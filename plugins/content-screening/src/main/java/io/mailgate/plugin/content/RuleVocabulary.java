package io.mailgate.plugin.content;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.automaton.ByteRunAutomaton;

/**
 * The terms the rules can match, per analysis (English, Russian, folded, whatever the field): the
 * terms of their term and phrase queries (NOT clauses included) and the prefixes of their prefix
 * queries. A token of a message that no rule can match is left out of the message's index
 * ({@link #filter}; its position still counts, so phrases and proximity see the same distances):
 * nearly all words of a message are in no rule, and the index, the presearcher's query built from
 * it and the time both take shrink with them. A query of any other kind (wildcard, fuzzy, range,
 * or one that names no terms) makes its analysis, or every analysis, keep every token. Counted per
 * rule: a change of the rules adds the new rule's terms before the monitor sees it and removes the
 * old one's after, so the vocabulary always holds every term a registered query can match.
 */
final class RuleVocabulary {

    private static final int MAX_PREFIX = 64;

    private final Map<String, Analysis> analyses = new ConcurrentHashMap<>();
    private final AtomicInteger keepingEverything = new AtomicInteger();

    /** What one rule's query can match, per analysis. */
    record Terms(Map<String, Set<String>> terms, Map<String, Set<String>> prefixes, Set<String> keepAll, boolean keepEverything) {
    }

    /** The terms of a compiled rule query, whose fields are named {@code <field>.<analysis>}. */
    static Terms of(Query query) {
        Map<String, Set<String>> terms = new HashMap<>();
        Map<String, Set<String>> prefixes = new HashMap<>();
        Set<String> keepAll = new HashSet<>();
        boolean[] keepEverything = {false};
        query.visit(new QueryVisitor() {
            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                return this; // MUST_NOT clauses too: a NOT term must still be found to exclude
            }

            @Override
            public void consumeTerms(Query leaf, Term... found) {
                for (Term term : found) {
                    terms.computeIfAbsent(analysisOf(term.field()), a -> new HashSet<>()).add(term.text());
                }
            }

            @Override
            public void consumeTermsMatching(Query leaf, String field, java.util.function.Supplier<ByteRunAutomaton> automaton) {
                if (leaf instanceof PrefixQuery prefix && prefix.getPrefix().text().length() <= MAX_PREFIX) {
                    prefixes.computeIfAbsent(analysisOf(field), a -> new HashSet<>()).add(prefix.getPrefix().text());
                } else {
                    keepAll.add(analysisOf(field));
                }
            }

            @Override
            public void visitLeaf(Query leaf) {
                keepEverything[0] = true; // a query of terms it does not name (match-all, field exists …)
            }
        });
        return new Terms(terms, prefixes, keepAll, keepEverything[0]);
    }

    private static String analysisOf(String field) {
        return field.substring(field.lastIndexOf('.') + 1);
    }

    synchronized void add(Terms rule) {
        change(rule, 1);
    }

    synchronized void remove(Terms rule) {
        change(rule, -1);
    }

    private void change(Terms rule, int by) {
        rule.terms().forEach((analysis, terms) -> terms.forEach(term -> count(counts(analysis).terms, term, by)));
        rule.prefixes().forEach((analysis, prefixes) -> prefixes.forEach(prefix -> {
            Analysis counts = counts(analysis);
            count(counts.prefixes, prefix, by);
            counts.prefixLengths[prefix.length()].addAndGet(by);
        }));
        rule.keepAll().forEach(analysis -> counts(analysis).keepAll.addAndGet(by));
        if (rule.keepEverything()) {
            keepingEverything.addAndGet(by);
        }
    }

    private static void count(Map<String, Integer> counts, String key, int by) {
        counts.merge(key, by, (had, add) -> had + add == 0 ? null : had + add);
    }

    private Analysis counts(String name) {
        return analyses.computeIfAbsent(name, n -> new Analysis());
    }

    /** The tokens of one analysis that a rule can match; the others leave only their positions. */
    TokenStream filter(String analysis, TokenStream tokens) {
        if (keepingEverything.get() > 0) {
            return tokens;
        }
        return new Filter(tokens, counts(analysis));
    }

    /** The counts of one analysis: each term and prefix with the number of rules that name it. */
    private static final class Analysis {

        final Map<String, Integer> terms = new ConcurrentHashMap<>();
        final Map<String, Integer> prefixes = new ConcurrentHashMap<>();
        final AtomicInteger[] prefixLengths = new AtomicInteger[MAX_PREFIX + 1];
        final AtomicInteger keepAll = new AtomicInteger();

        Analysis() {
            for (int i = 0; i < prefixLengths.length; i++) {
                prefixLengths[i] = new AtomicInteger();
            }
        }
    }

    private static final class Filter extends FilteringTokenFilter {

        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final Analysis vocabulary;
        private final Probe probe = new Probe();

        Filter(TokenStream input, Analysis vocabulary) {
            super(input);
            this.vocabulary = vocabulary;
        }

        @Override
        protected boolean accept() {
            if (vocabulary.keepAll.get() > 0) {
                return true;
            }
            char[] buffer = term.buffer();
            int length = term.length();
            if (vocabulary.terms.containsKey(probe.of(buffer, length))) {
                return true;
            }
            if (vocabulary.prefixes.isEmpty()) {
                return false;
            }
            for (int prefix = Math.min(length, MAX_PREFIX); prefix >= 0; prefix--) {
                if (vocabulary.prefixLengths[prefix].get() > 0 && vocabulary.prefixes.containsKey(probe.of(buffer, prefix))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * A look-up key for the term maps that needs no String per token: it hashes and compares as
     * the String of its characters would (the maps call the probe's equals with their keys).
     */
    private static final class Probe {

        private char[] chars;
        private int length;
        private int hash;

        Probe of(char[] buffer, int length) {
            this.chars = buffer;
            this.length = length;
            int h = 0;
            for (int i = 0; i < length; i++) {
                h = 31 * h + buffer[i];
            }
            this.hash = h;
            return this;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof String key) || key.length() != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (key.charAt(i) != chars[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** For tests: whether a term is in the vocabulary of an analysis. */
    boolean contains(String analysis, String term) {
        Analysis counts = analyses.get(analysis);
        return counts != null && counts.terms.containsKey(term);
    }
}
