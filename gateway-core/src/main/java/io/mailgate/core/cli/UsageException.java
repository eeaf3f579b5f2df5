package io.mailgate.core.cli;

/** The command line is wrong: mailgatectl says why, shows the usage and exits with 2. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
