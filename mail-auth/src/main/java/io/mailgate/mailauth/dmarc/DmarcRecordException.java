package io.mailgate.mailauth.dmarc;

/** A TXT record that is not a valid DMARC record; the message says what is wrong, for a person. */
public final class DmarcRecordException extends Exception {

    public DmarcRecordException(String message) {
        super(message);
    }
}
