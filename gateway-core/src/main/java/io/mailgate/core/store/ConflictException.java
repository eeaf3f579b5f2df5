package io.mailgate.core.store;

/** The write would break a uniqueness rule (a username or a network that already belongs to someone). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
