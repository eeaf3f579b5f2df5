package io.mailgate.core.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The admin CLI behind {@code bin/mailgatectl}: local diagnostics with the gateway's own code and
 * resolvers ({@code spf}, {@code dkim-verify}, {@code classify}) and the REST admin API ({@code api}).
 *
 * <p>Exit status: 0 success, 1 a negative result or a failure (one line on stderr), 2 bad usage
 * (usage on stderr). Bad input never gives a stack trace.
 */
public final class Mailgatectl {

    static final String USAGE = """
            usage: mailgatectl COMMAND [ARGS]
              spf --ip IP --sender ADDR --helo NAME [--config FILE] [--resolver HOST:PORT]
                  SPF check (RFC 7208): result, explanation and the DNS lookups made; exit 0 for pass
              dkim-verify FILE [--config FILE] [--resolver HOST:PORT]
                  verify every DKIM-Signature of a message file; exit 0 when all pass
              classify FILE...
                  what each bounce, DSN or feedback report says: one JSON line per recipient
              api GET|POST|PUT|PATCH|DELETE PATH [JSON] [--config FILE]
                  call http://<admin.listen>/api/v1/PATH with the admin token; exit 0 for 2xx
            --config defaults to conf/mailgate.conf (resolvers: dns.resolvers; home: admin.token; admin.listen).
            """;

    private Mailgatectl() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs one command line; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || List.of("-h", "--help", "help").contains(args.get(0))) {
            (args.isEmpty() ? err : out).print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (args.get(0)) {
                case "spf" -> SpfCommand.run(rest, out);
                case "dkim-verify" -> DkimVerifyCommand.run(rest, out);
                case "classify" -> ClassifyCommand.run(rest, out);
                case "api" -> ApiCommand.run(rest, out, err);
                default -> throw new UsageException("unknown command " + args.get(0));
            };
        } catch (UsageException e) {
            err.println("mailgatectl: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (CommandFailure e) {
            err.println("mailgatectl: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
        }
    }
}
