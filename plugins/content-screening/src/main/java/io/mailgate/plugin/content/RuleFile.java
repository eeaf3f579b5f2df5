package io.mailgate.plugin.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Rules as a JSON array of rule objects: the default rule set in conf/, imports and exports. */
final class RuleFile {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RuleFile() {
    }

    static List<ContentRule> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    static List<ContentRule> read(InputStream in, String source) throws IOException {
        List<ContentRule> rules;
        try {
            rules = JSON.readValue(in, new TypeReference<List<ContentRule>>() { });
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException invalid ? invalid : e;
            throw new IllegalArgumentException(source + ": " + firstLine(cause.getMessage()), e);
        }
        Set<String> ids = new HashSet<>();
        for (ContentRule rule : rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException(source + ": rule id " + rule.id() + " appears twice");
            }
        }
        return rules;
    }

    static String write(List<ContentRule> rules) throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rules);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid rules";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
