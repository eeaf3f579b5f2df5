package io.mailgate.core.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    /** One JSON line, keys in the documented order. */
    private record Line(String file, String recipient, String status, String replycode, String category, boolean hard,
                        String feedbacktype, @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String line(String file, FeedbackResult result) {
        return json(new Line(file, result.recipient(), result.status(), result.replyCode(), result.reason(),
                result.hardBounce(), result.feedbackType(), null));
    }

    private static String unparseable(String file, String reason) {
        return json(new Line(file, "", "", "", "unparseable", false, "", reason));
    }

    private static String json(Line line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON line of plain strings cannot fail", e);
        }
    }
}
