package io.mailgate.core.admin;

/**
 * The kinds of problem the API reports beyond plain HTTP statuses; clients may branch on
 * {@link #uri()}, people read the problem's detail.
 */
public enum ProblemType {
    /** The body is not JSON, or not the JSON object the route takes (400). */
    MALFORMED_REQUEST(400, "malformed-request", "The request cannot be read"),
    /** Well-formed input that breaks a rule: a bad CIDR, a short password, an empty name (422). */
    INVALID_INPUT(422, "invalid-input", "The input is not valid"),
    /** The thing named does not exist (404). */
    NOT_FOUND(404, "not-found", "Not found"),
    /** The write clashes with what exists: a taken username, a network of another tenant (409). */
    CONFLICT(409, "conflict", "Conflict"),
    /** No token, or one that stands for nobody (401). */
    UNAUTHORIZED(401, "unauthorized", "Authentication required"),
    /** A part the route needs is not running right now, such as a plugin being replaced (503). */
    UNAVAILABLE(503, "unavailable", "Service unavailable"),
    /** The gateway failed; the log has the details under the problem's instance id (500). */
    INTERNAL(500, "internal", "Internal server error");

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String uri() {
        return "urn:mailgate:problem:" + slug;
    }

    public String title() {
        return title;
    }

    /** The standard reason phrase of an HTTP status, or "Error" for one we do not know. */
    static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> status >= 500 ? "Server Error" : "Error";
        };
    }
}
