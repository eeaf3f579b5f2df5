package io.mailgate.core.config;

/** A setting that stops the start: the message names the key and says what is wrong with it. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
