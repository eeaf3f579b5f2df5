package io.mailgate.mailauth.spf;

/**
 * Ends an SPF check early with {@code permerror} (the published records are wrong: syntax, limits,
 * a missing record where one is required) or {@code temperror} (DNS could not answer now). Thrown
 * deep in the evaluation and turned into the result at the top, as RFC 7208 sections 2.6.6 and
 * 2.6.7 say: such a result ends {@code check_host()} whatever level it happens at.
 */
final class SpfException extends Exception {

    private final SpfResult.Result result;

    private SpfException(SpfResult.Result result, String message) {
        super(message, null, false, false);
        this.result = result;
    }

    static SpfException permerror(String message) {
        return new SpfException(SpfResult.Result.PERMERROR, message);
    }

    static SpfException temperror(String message) {
        return new SpfException(SpfResult.Result.TEMPERROR, message);
    }

    SpfResult.Result result() {
        return result;
    }
}
