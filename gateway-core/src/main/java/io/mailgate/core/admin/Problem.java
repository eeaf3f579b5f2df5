package io.mailgate.core.admin;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An error as the API shows it: RFC 9457 problem details, sent as {@code application/problem+json}.
 *
 * @param type     {@code about:blank} when the status says it all, else a {@code urn:mailgate:problem:}
 *                 URN that names the kind of problem for programs
 * @param title    a short summary of the type, the same for every occurrence
 * @param status   the HTTP status code
 * @param detail   what went wrong this time and what to do about it, for people
 * @param instance a {@code urn:uuid:} that identifies this occurrence; the server log has it too
 */
@JsonPropertyOrder({"type", "title", "status", "detail", "instance"})
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem of the given type with a new instance id. */
    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, newInstance());
    }

    /** A plain HTTP problem ({@code about:blank}) titled with the status's reason phrase. */
    public static Problem ofStatus(int status, String detail) {
        return new Problem("about:blank", ProblemType.reasonPhrase(status), status, detail, newInstance());
    }

    private static String newInstance() {
        return "urn:uuid:" + UUID.randomUUID();
    }
}
