package io.mailgate.plugin.content;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

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
 * or one that names no terms) makes its analysis, or every analysis, keep every token.
 *
 * <p>Terms are kept as 64-bit hashes, counted per rule: two terms with one hash only keep a token
 * that no rule needed. Each change makes a new table that the next message reads ({@link
 * RuleEngine} makes sure a message that met a change of the rules is matched again).
 */
final class RuleVocabulary {

    static final List<String> ANALYSES = List.of(Analyzers.ENGLISH, Analyzers.RUSSIAN, Analyzers.FOLDED);
    private static final int MAX_PREFIX = 63;

    private volatile Table table = Table.EMPTY;

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
            public void consumeTermsMatching(Query leaf, String field, Supplier<ByteRunAutomaton> automaton) {
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

    synchronized void add(Collection<Terms> rules) {
        table = table.with(rules, 1);
    }

    synchronized void remove(Collection<Terms> rules) {
        table = table.with(rules, -1);
    }

    /** The tokens of one analysis that a rule can match; the others leave only their positions. */
    TokenStream filter(String analysis, TokenStream tokens) {
        Table now = table;
        int index = ANALYSES.indexOf(analysis);
        if (index < 0 || now.keepEverything > 0 || now.keepAll[index] > 0) {
            return tokens;
        }
        return new Filter(tokens, now, index);
    }

    /** For tests: whether a term is in the vocabulary of an analysis. */
    boolean contains(String analysis, String term) {
        return table.contains(hash(ANALYSES.indexOf(analysis), false, term.toCharArray(), term.length()));
    }

    /** FNV-1a over the analysis, whether it is a prefix, and the characters. */
    private static long hash(int analysis, boolean prefix, char[] chars, int length) {
        long hash = start(analysis, prefix);
        for (int i = 0; i < length; i++) {
            hash = next(hash, chars[i]);
        }
        return hash;
    }

    private static long start(int analysis, boolean prefix) {
        return (0xcbf29ce484222325L ^ (analysis * 2 + (prefix ? 1 : 0))) * 0x100000001b3L;
    }

    private static long next(long hash, char c) {
        return (hash ^ c) * 0x100000001b3L;
    }

    /**
     * One state of the vocabulary, never changed once read: an open-addressing table of term
     * hashes (0 marks a free slot) with the number of rules that name each, and per analysis the
     * prefix lengths in use and the rules that keep every token.
     */
    private static final class Table {

        static final Table EMPTY = new Table(new long[16], new int[16], 0, new int[ANALYSES.size()][MAX_PREFIX + 1],
                new int[ANALYSES.size()], 0);

        final long[] keys;
        final int[] counts;
        final int size;
        final int[][] prefixLengths;
        final int[] keepAll;
        final int keepEverything;

        Table(long[] keys, int[] counts, int size, int[][] prefixLengths, int[] keepAll, int keepEverything) {
            this.keys = keys;
            this.counts = counts;
            this.size = size;
            this.prefixLengths = prefixLengths;
            this.keepAll = keepAll;
            this.keepEverything = keepEverything;
        }

        boolean contains(long hash) {
            long key = hash == 0 ? 1 : hash;
            int mask = keys.length - 1;
            for (int slot = slot(key, mask); ; slot = (slot + 1) & mask) {
                if (keys[slot] == key) {
                    return true;
                }
                if (keys[slot] == 0) {
                    return false;
                }
            }
        }

        private static int slot(long key, int mask) {
            long mixed = (key ^ (key >>> 33)) * 0xff51afd7ed558ccdL;
            return (int) (mixed ^ (mixed >>> 29)) & mask;
        }

        /** A new table with these rules counted {@code by} (1 or -1) more. */
        Table with(Collection<Terms> rules, int by) {
            Map<Long, Integer> changes = new HashMap<>();
            int[][] lengths = new int[prefixLengths.length][];
            for (int i = 0; i < lengths.length; i++) {
                lengths[i] = prefixLengths[i].clone();
            }
            int[] all = keepAll.clone();
            int everything = keepEverything;
            for (Terms rule : rules) {
                for (Map.Entry<String, Set<String>> terms : rule.terms().entrySet()) {
                    int analysis = ANALYSES.indexOf(terms.getKey());
                    if (analysis < 0) {
                        everything += by; // a field this class does not know: keep everything, to be safe
                        continue;
                    }
                    terms.getValue().forEach(term -> changes.merge(hash(analysis, false, term.toCharArray(), term.length()), by, Integer::sum));
                }
                for (Map.Entry<String, Set<String>> prefixes : rule.prefixes().entrySet()) {
                    int analysis = ANALYSES.indexOf(prefixes.getKey());
                    if (analysis < 0) {
                        everything += by;
                        continue;
                    }
                    for (String prefix : prefixes.getValue()) {
                        changes.merge(hash(analysis, true, prefix.toCharArray(), prefix.length()), by, Integer::sum);
                        lengths[analysis][prefix.length()] += by;
                    }
                }
                for (String analysis : rule.keepAll()) {
                    int index = ANALYSES.indexOf(analysis);
                    if (index < 0) {
                        everything += by;
                    } else {
                        all[index] += by;
                    }
                }
                if (rule.keepEverything()) {
                    everything += by;
                }
            }
            Map<Long, Integer> merged = new HashMap<>(changes);
            for (int slot = 0; slot < keys.length; slot++) {
                if (keys[slot] != 0) {
                    merged.merge(keys[slot], counts[slot], Integer::sum);
                }
            }
            merged.values().removeIf(count -> count <= 0);
            int capacity = 16;
            while (capacity < merged.size() * 2) {
                capacity <<= 1;
            }
            long[] newKeys = new long[capacity];
            int[] newCounts = new int[capacity];
            int mask = capacity - 1;
            for (Map.Entry<Long, Integer> entry : merged.entrySet()) {
                long key = entry.getKey();
                int slot = slot(key, mask);
                while (newKeys[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                newKeys[slot] = key;
                newCounts[slot] = entry.getValue();
            }
            return new Table(newKeys, newCounts, merged.size(), lengths, all, everything);
        }
    }

    private static final class Filter extends FilteringTokenFilter {

        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final Table table;
        private final int analysis;
        private final int[] prefixLengths;
        private final boolean anyPrefix;

        Filter(TokenStream input, Table table, int analysis) {
            super(input);
            this.table = table;
            this.analysis = analysis;
            this.prefixLengths = table.prefixLengths[analysis];
            this.anyPrefix = Arrays.stream(prefixLengths).anyMatch(count -> count > 0);
        }

        @Override
        protected boolean accept() {
            char[] chars = term.buffer();
            int length = term.length();
            if (table.contains(hash(analysis, false, chars, length))) {
                return true;
            }
            if (!anyPrefix) {
                return false;
            }
            long prefix = start(analysis, true);
            int longest = Math.min(length, MAX_PREFIX);
            for (int i = 0; i <= longest; i++) {
                if (prefixLengths[i] > 0 && table.contains(prefix)) {
                    return true; // the first i characters are a rule's prefix
                }
                if (i < length) {
                    prefix = next(prefix, chars[i]);
                }
            }
            return false;
        }
    }
}
