package io.mailgate.core.domains;

/**
 * The result of checking one expected record.
 *
 * @param kind   which record ({@link ExpectedRecords#OWNERSHIP}, {@code dkim:<selector>} …)
 * @param reason what was found, in words a person can act on
 */
public record RecordCheck(String kind, RecordStatus status, String reason) {
}
