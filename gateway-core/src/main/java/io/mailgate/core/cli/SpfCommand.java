package io.mailgate.core.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

import io.mailgate.mailauth.spf.RecordingSpfDns;
import io.mailgate.mailauth.spf.Rfc7208Evaluator;
import io.mailgate.mailauth.spf.SpfResult;

/**
 * {@code mailgatectl spf --ip IP (--sender ADDR | --helo NAME)…}: the gateway's SPF evaluator with
 * the gateway's resolvers; prints the result, the explanation and every DNS query it made, in order.
 * Exit 0 for pass, 1 for any other result.
 */
final class SpfCommand {

    private SpfCommand() {
    }

    static int run(List<String> args, PrintStream out) throws UsageException, CommandFailure {
        Arguments arguments = Arguments.parse(args, Set.of("ip", "sender", "helo", "config", "resolver"));
        if (!arguments.operands().isEmpty()) {
            throw new UsageException("spf takes no operands: " + arguments.operands());
        }
        String ip = arguments.required("ip");
        String sender = arguments.option("sender").orElse("");
        String helo = arguments.option("helo").orElse("");
        if (sender.isEmpty() && helo.isEmpty()) {
            throw new UsageException("spf needs --sender or --helo (an empty sender checks the HELO name)");
        }
        CliConfig config = CliConfig.load(arguments.option("config"), arguments.option("resolver"));
        RecordingSpfDns dns = new RecordingSpfDns(config.dns());
        SpfResult result;
        try {
            result = new Rfc7208Evaluator(dns).evaluate(ip, sender, helo);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--ip " + ip + ": not an IP address");
        }
        out.println(result.result().label());
        out.println("explanation: " + (result.explanation().isEmpty() ? "(none)" : result.explanation()));
        List<RecordingSpfDns.Query> queries = dns.queries();
        out.println("dns lookups: " + queries.size());
        for (RecordingSpfDns.Query query : queries) {
            out.println("  " + query);
        }
        return result.result() == SpfResult.Result.PASS ? 0 : 1;
    }
}
