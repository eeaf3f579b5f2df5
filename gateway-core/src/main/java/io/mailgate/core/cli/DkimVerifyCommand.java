package io.mailgate.core.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.mailgate.mailauth.dkim.DkimKeyDns;
import io.mailgate.mailauth.dkim.DkimResult;
import io.mailgate.mailauth.dkim.DkimVerifier;

/**
 * {@code mailgatectl dkim-verify FILE}: verifies every DKIM-Signature of a message file, keys
 * fetched with the gateway's resolvers; one line per signature. Exit 0 when all pass, 1 otherwise
 * (also when the message has no signature).
 */
final class DkimVerifyCommand {

    private DkimVerifyCommand() {
    }

    static int run(List<String> args, PrintStream out) throws UsageException, CommandFailure {
        Arguments arguments = Arguments.parse(args, Set.of("config", "resolver"));
        if (arguments.operands().size() != 1) {
            throw new UsageException("dkim-verify takes one message file");
        }
        Path file = Path.of(arguments.operands().get(0));
        CliConfig config = CliConfig.load(arguments.option("config"), arguments.option("resolver"));
        byte[] message;
        try {
            message = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + file + ": " + CliFiles.why(e));
        }
        List<DkimResult> results = new DkimVerifier(DkimKeyDns.over(config.dns())).verify(message);
        if (results.isEmpty()) {
            out.println("no DKIM-Signature in " + file);
            return 1;
        }
        for (DkimResult result : results) {
            out.println(result);
        }
        return results.stream().allMatch(DkimResult::pass) ? 0 : 1;
    }
}
