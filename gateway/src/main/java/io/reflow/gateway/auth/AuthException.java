package io.reflow.gateway.auth;

/**
 * A request could not be authenticated; answered with 401 and {@code WWW-Authenticate}. The message
 * says why, never echoing the token.
 */
public class AuthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public AuthException(String message) {
        super(message);
    }

    /** Creates the exception with a cause. */
    public AuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
