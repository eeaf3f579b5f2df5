package io.mailgate.mailauth.dkim;

/** A signature or key record that cannot be used; the message says why, for the verification result. */
public final class DkimException extends Exception {

    public DkimException(String message) {
        super(message);
    }
}
