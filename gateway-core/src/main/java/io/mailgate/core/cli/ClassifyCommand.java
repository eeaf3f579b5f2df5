package io.mailgate.core.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.mailgate.feedback.Feedback;
import io.mailgate.feedback.FeedbackResult;

/**
 * {@code mailgatectl classify FILE…}: what each bounce, DSN or feedback report says, one JSON line
 * per recipient, by the classifier the inbound feedback listener uses. A file that cannot be read
 * or understood gives one line with category {@code unparseable} and the reason. Exit 0 when every
 * line was classified, 1 when any was unparseable.
 */
final class ClassifyCommand {

    private ClassifyCommand() {
    }

    static int run(List<String> args, PrintStream out) throws UsageException {
        Arguments arguments = Arguments.parse(args, Set.of());
        if (arguments.operands().isEmpty()) {
            throw new UsageException("classify takes one or more message files");
        }
        boolean allClassified = true;
        for (String name : arguments.operands()) {
            List<FeedbackResult> results;
            try {
                results = Feedback.classify(Files.readAllBytes(Path.of(name)));
            } catch (IOException | RuntimeException e) {
                out.println(unparseable(name, "cannot read the file: " + CliFiles.why(e)));
                allClassified = false;
                continue;
            }
            for (FeedbackResult result : results) {
                if (result.isUnparseable()) {
                    out.println(unparseable(name, result.diagnostic().replaceFirst("^unparseable: ", "")));
                    allClassified = false;
                } else {
                    out.println(line(name, result));
                }
            }
        }
        return allClassified ? 0 : 1;
    }

    private static String line(String file, FeedbackResult result) {
        return "{\"file\":" + Json.string(file)
                + ",\"recipient\":" + Json.string(result.recipient())
                + ",\"status\":" + Json.string(result.status())
                + ",\"replycode\":" + Json.string(result.replyCode())
                + ",\"category\":" + Json.string(result.reason())
                + ",\"hard\":" + result.hardBounce()
                + ",\"feedbacktype\":" + Json.string(result.feedbackType()) + "}";
    }

    private static String unparseable(String file, String reason) {
        return "{\"file\":" + Json.string(file)
                + ",\"recipient\":\"\",\"status\":\"\",\"replycode\":\"\",\"category\":\"unparseable\",\"hard\":false"
                + ",\"feedbacktype\":\"\",\"reason\":" + Json.string(reason) + "}";
    }
}
