package io.mailgate.core.store;

/**
 * Input a store refuses (an empty name, a CIDR with host bits set, a domain with a bad label). The
 * message says what is wrong and how to fix it, in words a person can act on: the REST layer shows
 * it to the client as it is.
 */
public class InvalidInputException extends IllegalArgumentException {

    public InvalidInputException(String message) {
        super(message);
    }
}
