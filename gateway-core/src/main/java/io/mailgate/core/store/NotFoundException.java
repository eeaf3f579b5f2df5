package io.mailgate.core.store;

/** The tenant, credential, network or domain named by the caller does not exist (or not under that tenant). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
