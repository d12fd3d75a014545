package io.reflow.gateway.config;

/** The configuration is invalid; the message names the key at fault. */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; {@code message} starts with the key, e.g. {@code server.port: ...}.
     */
    public ConfigException(String message) {
        super(message);
    }

    /** Creates the exception with a cause. */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
