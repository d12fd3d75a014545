package io.reflow.gateway.target;

/** The store's file cannot be read back; the gateway refuses to start rather than lose data. */
public class StoreCorruptException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception naming the file and the problem. */
    public StoreCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}
