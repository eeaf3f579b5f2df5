package io.mailgate.core.cli;

/** A command could not do its work (unreadable file, gateway unreachable): one line on stderr, exit 1. */
final class CommandFailure extends Exception {

    CommandFailure(String message) {
        super(message);
    }
}
