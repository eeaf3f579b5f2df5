package io.mailgate.plugin.content;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.monitor.HighlightsMatch;
import org.apache.lucene.monitor.MatchingQueries;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorConfiguration;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.monitor.TermFilteredPresearcher;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;

/**
 * The rules as standing queries of a Lucene {@link Monitor}, matched against one message at a
 * time. Each field of a message is analysed twice: once in its language (Russian when most of its
 * letters are Cyrillic, else English) into {@code <field>.en} or {@code <field>.ru}, and once
 * folded into {@code <field>.fold}; a rule's query is parsed once per language it names and once
 * folded, over each field it names. Links and attachment names are analysed folded only. Adding,
 * changing or removing a rule changes the monitor in place: the next message sees it.
 *
 * <p>What makes a 50 KB message cheap (JFR showed text analysis and the index of the message as
 * nearly all of the time): a text without markup is tokenised once for both of its analyses
 * ({@link Tokens}), and the message's index holds only the tokens some rule can match
 * ({@link RuleVocabulary}), which keeps the index, and the presearcher's query built from it,
 * small; and a word met again in the message is not stemmed, folded and looked up again
 * ({@link WordAnalysis}). All of it gives the same matches, offsets included, as analysing and
 * indexing everything.
 */
final class RuleEngine implements Closeable {

    static final List<String> FIELDS = List.of("subject", "body", "html", "headers", "links", "attachments");

    /** One place a rule matched: the field and the characters of its text. */
    record Match(ContentRule rule, String field, int start, int end, String text) {
    }

    private final Analyzer english = Analyzers.english();
    private final Analyzer russian = Analyzers.russian();
    private final Analyzer folded = Analyzers.folded();
    private final Monitor monitor;
    private final Map<String, ContentRule> rules = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final RuleVocabulary vocabulary;

    RuleEngine() {
        this(true);
    }

    /**
     * {@code leaveOutUnmatchable}: index only the tokens of a message that a rule can match
     * ({@link RuleVocabulary}); false (for tests) indexes them all.
     */
    RuleEngine(boolean leaveOutUnmatchable) {
        vocabulary = leaveOutUnmatchable ? new RuleVocabulary() : null;
        Map<String, Analyzer> perField = new HashMap<>();
        for (String field : FIELDS) {
            perField.put(field + "." + Analyzers.ENGLISH, english);
            perField.put(field + "." + Analyzers.RUSSIAN, russian);
            perField.put(field + "." + Analyzers.FOLDED, folded);
        }
        try {
            monitor = new Monitor(new PerFieldAnalyzerWrapper(folded, perField), new TermFilteredPresearcher(),
                    new MonitorConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the rule monitor", e);
        }
    }

    /** Checks that a rule's query parses; the message names the rule and the problem. */
    Query compile(ContentRule rule) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (String field : rule.fields()) {
            if (analysedByLanguage(field)) {
                for (String language : rule.languages()) {
                    any.add(parse(rule, field + "." + language, language.equals(Analyzers.RUSSIAN) ? russian : english),
                            BooleanClause.Occur.SHOULD);
                }
            }
            any.add(parse(rule, field + "." + Analyzers.FOLDED, folded), BooleanClause.Occur.SHOULD);
        }
        return any.build();
    }

    private static Query parse(ContentRule rule, String field, Analyzer analyzer) {
        QueryParser parser = new QueryParser(field, analyzer);
        parser.setAllowLeadingWildcard(false);
        try {
            return parser.parse(rule.query());
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("rule " + rule.id() + ": the query does not parse: "
                    + firstLine(e.getMessage()), e);
        }
    }

    /** Adds or replaces one rule. */
    synchronized void put(ContentRule rule) {
        MonitorQuery query = new MonitorQuery(rule.id(), compile(rule));
        changing();
        try {
            addTerms(List.of(query.getQuery()));
            ContentRule old = rules.put(rule.id(), rule);
            monitor.register(query);
            removeTerms(old == null ? List.of() : List.of(old));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            changed();
        }
    }

    /** Replaces every rule at once (a file or an import). */
    synchronized void replaceAll(Collection<ContentRule> all) {
        List<MonitorQuery> queries = new ArrayList<>();
        for (ContentRule rule : all) {
            queries.add(new MonitorQuery(rule.id(), compile(rule)));
        }
        changing();
        try {
            addTerms(queries.stream().map(MonitorQuery::getQuery).toList());
            List<ContentRule> old = List.copyOf(rules.values());
            monitor.clear();
            rules.clear();
            all.forEach(rule -> rules.put(rule.id(), rule));
            monitor.register(queries);
            removeTerms(old);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            changed();
        }
    }

    synchronized void remove(String id) {
        changing();
        try {
            monitor.deleteById(id);
            ContentRule old = rules.remove(id);
            removeTerms(old == null ? List.of() : List.of(old));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            changed();
        }
    }

    /** The generation turns odd while the rules change, and even again when they have. */
    private void changing() {
        generation.incrementAndGet();
    }

    private void changed() {
        generation.incrementAndGet();
    }

    /** Before the monitor has the queries: the vocabulary holds what a registered query can match. */
    private void addTerms(List<Query> queries) {
        if (vocabulary != null) {
            vocabulary.add(queries.stream().map(RuleVocabulary::of).toList());
        }
    }

    /** After the monitor let go of the rules' queries: their terms, as compiled again. */
    private void removeTerms(List<ContentRule> old) {
        if (vocabulary != null && !old.isEmpty()) {
            vocabulary.remove(old.stream().map(rule -> RuleVocabulary.of(compile(rule))).toList());
        }
    }

    /**
     * A number that every change of the rules increases (odd while one is under way): a screening
     * made under one generation holds for the rules of that generation only ({@link ScreeningCache}),
     * and a message matched while the rules changed is matched again ({@link #match}).
     */
    long generation() {
        return generation.get();
    }

    /** The rules, by id. */
    List<ContentRule> rules() {
        return rules.values().stream().sorted(java.util.Comparator.comparing(ContentRule::id)).toList();
    }

    int size() {
        return rules.size();
    }

    /**
     * The matches of every rule in one message. The message's index leaves out the tokens no rule
     * can match ({@link RuleVocabulary}) as the vocabulary was when the matching began: if the rules
     * changed meanwhile, the message is matched again, the second time with every token indexed.
     */
    List<Match> match(MessageText message) {
        Map<String, String> fields = message.fields();
        MatchingQueries<HighlightsMatch> found;
        try {
            long before = generation.get();
            boolean leaveOut = vocabulary != null && before % 2 == 0;
            found = monitor.match(document(fields, leaveOut), HighlightsMatch.MATCHER);
            if (leaveOut && generation.get() != before) {
                found = monitor.match(document(fields, false), HighlightsMatch.MATCHER);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Match> matches = new ArrayList<>();
        for (HighlightsMatch match : found.getMatches()) {
            ContentRule rule = rules.get(match.getQueryId());
            if (rule == null) {
                continue; // removed while this message was being matched
            }
            for (String indexed : match.getFields()) {
                String field = indexed.substring(0, indexed.indexOf('.'));
                String text = fields.getOrDefault(field, "");
                for (HighlightsMatch.Hit hit : match.getHits(indexed)) {
                    boolean offsets = hit.startOffset >= 0 && hit.endOffset <= text.length() && hit.startOffset <= hit.endOffset;
                    matches.add(new Match(rule, field, hit.startOffset, hit.endOffset,
                            offsets ? text.substring(hit.startOffset, hit.endOffset) : ""));
                }
            }
            if (match.getHitCount() == 0) {
                matches.add(new Match(rule, "", -1, -1, ""));
            }
        }
        return matches;
    }

    private Document document(Map<String, String> fields, boolean leaveOut) {
        Document document = new Document();
        Map<String, WordAnalysis> words = new HashMap<>(); // per analysis, for every field of the message
        for (Map.Entry<String, String> field : fields.entrySet()) {
            addField(document, field.getKey(), field.getValue(),
                    analysis -> words.computeIfAbsent(analysis, a -> wordAnalysis(a, leaveOut)));
        }
        return document;
    }

    /** The filters of one word in this analysis, and the vocabulary's after them if {@code leaveOut}. */
    private WordAnalysis wordAnalysis(String analysis, boolean leaveOut) {
        return new WordAnalysis(word -> {
            TokenStream analysed = Analyzers.perWord(analysis, word);
            return leaveOut ? vocabulary.filter(analysis, analysed) : analysed;
        });
    }

    /**
     * The analyses of one field, as the monitor's analyzers would give them. A text without markup,
     * entities or invisible characters (nearly all of them: the html field is text already) is
     * tokenised once for both analyses ({@link Tokens}), and each distinct word goes through the
     * filters of one word once per message and analysis ({@link WordAnalysis}, from {@code words});
     * any other text is left to the analyzers, each of which reads it through its own character
     * filters.
     */
    private void addField(Document document, String field, String text, Function<String, WordAnalysis> words) {
        String language = analysedByLanguage(field) ? Language.of(text) : null;
        if (Analyzers.needsCharFilters(text)) {
            if (language != null) {
                document.add(new TextField(field + "." + language, text, Field.Store.NO));
            }
            document.add(new TextField(field + "." + Analyzers.FOLDED, text, Field.Store.NO));
            return;
        }
        Tokens tokens = Tokens.of(text);
        if (language != null) {
            document.add(new TextField(field + "." + language, Analyzers.analysed(language, tokens, words.apply(language))));
        }
        String folded = Analyzers.FOLDED;
        document.add(new TextField(field + "." + folded, Analyzers.analysed(folded, tokens, words.apply(folded))));
    }

    private static boolean analysedByLanguage(String field) {
        return !field.equals("links") && !field.equals("attachments");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void close() {
        try {
            monitor.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
