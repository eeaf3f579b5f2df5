package io.mailgate.mailauth.spf;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The openspf.org RFC 7208 test suite as kept by pyspf ({@code rfc7208-tests.yml}), read in place
 * from the shared corpus: one {@link Scenario} per YAML document, with its cases and the DNS records
 * (zonedata) its cases must see.
 */
final class Rfc7208Suite {

    /** One YAML document: a description, its cases, and its zone. */
    record Scenario(String description, List<Case> cases, SuiteZone zone) {
    }

    /**
     * One test case.
     *
     * @param results the acceptable results, the preferred one first
     * @param explanation the expected explanation, {@code DEFAULT} for the default one, or
     *     {@code null} when the case does not check it
     */
    record Case(String scenario, String name, String spec, String host, String mailFrom, String helo,
                List<String> results, String explanation) {

        String id() {
            return scenario + "/" + name;
        }
    }

    private Rfc7208Suite() {
    }

    /**
     * The suite file: {@code <mailgate.corpus>/spf/rfc7208-tests.yml}. Fails, naming the path, when
     * the property is not set or the file is not there: a missing suite must never pass quietly.
     */
    static Path locate() {
        String corpus = System.getProperty("mailgate.corpus");
        if (corpus == null || corpus.isBlank()) {
            throw new IllegalStateException("the system property 'mailgate.corpus' is not set; the parent pom's"
                    + " surefire configuration sets it to <project root>/../shared/corpus");
        }
        Path file = Path.of(corpus, "spf", "rfc7208-tests.yml").toAbsolutePath().normalize();
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("the RFC 7208 test suite is missing: " + file
                    + " (mailgate.corpus=" + corpus + "); it is read in place from ../shared/corpus/spf");
        }
        return file;
    }

    static List<Scenario> load(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Scenario> scenarios = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Object document : new Yaml(options).loadAll(in)) {
                scenarios.add(scenario((Map<?, ?>) document));
            }
        }
        return scenarios;
    }

    private static Scenario scenario(Map<?, ?> document) {
        String description = String.valueOf(document.get("description"));
        List<Case> cases = new ArrayList<>();
        for (Map.Entry<?, ?> test : ((Map<?, ?>) document.get("tests")).entrySet()) {
            cases.add(testCase(description, String.valueOf(test.getKey()), (Map<?, ?>) test.getValue()));
        }
        return new Scenario(description, cases, SuiteZone.of((Map<?, ?>) document.get("zonedata")));
    }

    private static Case testCase(String scenario, String name, Map<?, ?> test) {
        Object result = test.get("result");
        List<String> results = new ArrayList<>();
        if (result instanceof List<?> list) {
            list.forEach(r -> results.add(String.valueOf(r)));
        } else {
            results.add(String.valueOf(result));
        }
        Object explanation = test.get("explanation");
        return new Case(scenario, name, String.valueOf(test.get("spec")), text(test.get("host")),
                text(test.get("mailfrom")), text(test.get("helo")), List.copyOf(results),
                explanation == null ? null : String.valueOf(explanation));
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }
}
