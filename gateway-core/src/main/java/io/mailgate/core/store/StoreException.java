package io.mailgate.core.store;

/**
 * The database failed (disk full, corrupt, closed). Not the caller's fault: the REST layer answers
 * 500 and the SMTP side a temporary 4xx, never a permanent refusal and never an accept.
 */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
