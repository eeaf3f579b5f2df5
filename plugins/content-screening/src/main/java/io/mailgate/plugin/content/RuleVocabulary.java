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
 * The terms the rules can match: the terms of their term and phrase queries (NOT clauses
 * included) and the prefixes of their prefix queries, in whichever analysis (English, Russian,
 * folded) and field. A token of a message that no rule can match is left out of the message's index
 * ({@link #filter}; its position still counts, so phrases and proximity see the same distances):
 * nearly all words of a message are in no rule, and the index, the presearcher's query built from
 * it and the time both take shrink with them. A query of any other kind (wildcard, fuzzy, range,
 * or one that names no terms) makes its analysis, or every analysis, keep every token.
 *
 * <p>Terms are kept as 32-bit hashes, counted per rule, and for all analyses together: a term of
 * another analysis, or another term with the same hash, only keeps a token that no rule needed.
 * Each change makes a new table that the next message reads ({@link RuleEngine} makes sure a
 * message that met a change of the rules is matched again).
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

    /** For tests: whether a rule names this term. */
    boolean contains(String term) {
        return table.contains(hash(false, term.toCharArray(), term.length()));
    }

    /** FNV-1a over whether it is a prefix and the characters. */
    private static long hash(boolean prefix, char[] chars, int length) {
        long hash = start(prefix);
        for (int i = 0; i < length; i++) {
            hash = next(hash, chars[i]);
        }
        return hash;
    }

    private static long start(boolean prefix) {
        return (0xcbf29ce484222325L ^ (prefix ? 1 : 0)) * 0x100000001b3L;
    }

    private static long next(long hash, char c) {
        return (hash ^ c) * 0x100000001b3L;
    }

    /** The 32 bits a table keeps of a hash; never 0, which marks a free slot. */
    private static int key(long hash) {
        int key = (int) (hash ^ (hash >>> 32));
        return key == 0 ? 1 : key;
    }

    /**
     * One state of the vocabulary, never changed once read: an open-addressing table of term
     * hashes (0 marks a free slot) with the number of rules that name each, and per analysis the
     * prefix lengths in use and the rules that keep every token.
     */
    private static final class Table {

        static final Table EMPTY = new Table(new int[16], new int[16], 0, new int[ANALYSES.size()][MAX_PREFIX + 1],
                new int[ANALYSES.size()], 0);

        final int[] keys;
        final int[] counts;
        final int size;
        final int[][] prefixLengths;
        final int[] keepAll;
        final int keepEverything;

        Table(int[] keys, int[] counts, int size, int[][] prefixLengths, int[] keepAll, int keepEverything) {
            this.keys = keys;
            this.counts = counts;
            this.size = size;
            this.prefixLengths = prefixLengths;
            this.keepAll = keepAll;
            this.keepEverything = keepEverything;
        }

        boolean contains(long hash) {
            int key = key(hash);
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

        static int slot(int key, int mask) {
            int mixed = key * 0x9E3779B9;
            return (mixed ^ (mixed >>> 16)) & mask;
        }

        /** A new table with these rules counted {@code by} (1 or -1) more: a copy, changed before anyone reads it. */
        Table with(Collection<Terms> rules, int by) {
            Copy copy = new Copy(this);
            for (Terms rule : rules) {
                for (Map.Entry<String, Set<String>> terms : rule.terms().entrySet()) {
                    int analysis = ANALYSES.indexOf(terms.getKey());
                    if (analysis < 0) {
                        copy.keepEverything += by; // a field this class does not know: keep everything, to be safe
                        continue;
                    }
                    terms.getValue().forEach(term -> copy.count(hash(false, term.toCharArray(), term.length()), by));
                }
                for (Map.Entry<String, Set<String>> prefixes : rule.prefixes().entrySet()) {
                    int analysis = ANALYSES.indexOf(prefixes.getKey());
                    if (analysis < 0) {
                        copy.keepEverything += by;
                        continue;
                    }
                    for (String prefix : prefixes.getValue()) {
                        copy.count(hash(true, prefix.toCharArray(), prefix.length()), by);
                        copy.prefixLengths[analysis][prefix.length()] += by;
                    }
                }
                for (String analysis : rule.keepAll()) {
                    int index = ANALYSES.indexOf(analysis);
                    if (index < 0) {
                        copy.keepEverything += by;
                    } else {
                        copy.keepAll[index] += by;
                    }
                }
                if (rule.keepEverything()) {
                    copy.keepEverything += by;
                }
            }
            return new Table(copy.keys, copy.counts, copy.size, copy.prefixLengths, copy.keepAll, copy.keepEverything);
        }
    }

    /** A table being changed: linear probing, at most half full, deletion by moving the entries after back. */
    private static final class Copy {

        int[] keys;
        int[] counts;
        int size;
        final int[][] prefixLengths;
        final int[] keepAll;
        int keepEverything;

        Copy(Table from) {
            keys = from.keys.clone();
            counts = from.counts.clone();
            size = from.size;
            prefixLengths = new int[from.prefixLengths.length][];
            for (int i = 0; i < prefixLengths.length; i++) {
                prefixLengths[i] = from.prefixLengths[i].clone();
            }
            keepAll = from.keepAll.clone();
            keepEverything = from.keepEverything;
        }

        void count(long hash, int by) {
            int key = key(hash);
            int mask = keys.length - 1;
            int slot = Table.slot(key, mask);
            while (keys[slot] != 0 && keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            if (keys[slot] == key) {
                counts[slot] += by;
                if (counts[slot] <= 0) {
                    delete(slot);
                }
            } else if (by > 0) {
                keys[slot] = key;
                counts[slot] = by;
                if (++size * 2 > keys.length) {
                    grow();
                }
            }
        }

        private void delete(int slot) {
            int mask = keys.length - 1;
            int hole = slot;
            keys[hole] = 0;
            counts[hole] = 0;
            size--;
            for (int next = (hole + 1) & mask; keys[next] != 0; next = (next + 1) & mask) {
                int home = Table.slot(keys[next], mask);
                boolean staysAfterHole = hole <= next ? hole < home && home <= next : hole < home || home <= next;
                if (!staysAfterHole) {
                    keys[hole] = keys[next];
                    counts[hole] = counts[next];
                    keys[next] = 0;
                    counts[next] = 0;
                    hole = next;
                }
            }
        }

        private void grow() {
            int[] oldKeys = keys;
            int[] oldCounts = counts;
            keys = new int[oldKeys.length * 2];
            counts = new int[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != 0) {
                    int slot = Table.slot(oldKeys[i], mask);
                    while (keys[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    keys[slot] = oldKeys[i];
                    counts[slot] = oldCounts[i];
                }
            }
        }
    }

    private static final class Filter extends FilteringTokenFilter {

        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final Table table;
        private final int[] prefixLengths;
        private final boolean anyPrefix;

        Filter(TokenStream input, Table table, int analysis) {
            super(input);
            this.table = table;
            this.prefixLengths = table.prefixLengths[analysis];
            this.anyPrefix = Arrays.stream(prefixLengths).anyMatch(count -> count > 0);
        }

        @Override
        protected boolean accept() {
            char[] chars = term.buffer();
            int length = term.length();
            if (table.contains(hash(false, chars, length))) {
                return true;
            }
            if (!anyPrefix) {
                return false;
            }
            long prefix = start(true);
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
