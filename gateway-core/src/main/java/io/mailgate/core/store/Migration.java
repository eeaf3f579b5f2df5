package io.mailgate.core.store;

import java.util.List;

/**
 * One step of the schema: a version number and the SQL statements that bring the database from
 * the previous version to this one. {@link Database} applies each step once, in one transaction,
 * and records it in {@code schema_version}. A released step is never edited: change the schema
 * with a new step.
 *
 * @param version     1, 2, 3 … in the order the steps must run
 * @param description what the step does, kept in {@code schema_version} for whoever reads it later
 * @param statements  SQL statements without a trailing semicolon
 */
public record Migration(int version, String description, List<String> statements) {

    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1, got " + version);
        }
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("migration " + version + " has no statements");
        }
        statements = List.copyOf(statements);
    }

    public static Migration of(int version, String description, String... statements) {
        return new Migration(version, description, List.of(statements));
    }
}
