package io.mailgate.core.admin;

/** A request the resources refuse, with the problem to answer; {@link ProblemMapper} sends it. */
public class ApiException extends RuntimeException {

    private final ProblemType type;

    public ApiException(ProblemType type, String detail) {
        super(detail);
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }

    /** 400: the request itself is malformed (no body, a query parameter that is not a number). */
    public static ApiException malformed(String detail) {
        return new ApiException(ProblemType.MALFORMED_REQUEST, detail);
    }
}
