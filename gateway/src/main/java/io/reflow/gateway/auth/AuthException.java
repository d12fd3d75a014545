package io.reflow.gateway.auth;

/**
 * A request could not be authenticated; answered with 401 and {@code WWW-Authenticate}. The message
 * says why, never echoing the token.
 */
public class AuthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean tokenMissing;

    /** Creates the exception for a token that was given and refused. */
    public AuthException(String message) {
        this(message, false);
    }

    /** Creates the exception with a cause. */
    public AuthException(String message, Throwable cause) {
        super(message, cause);
        this.tokenMissing = false;
    }

    private AuthException(String message, boolean tokenMissing) {
        super(message);
        this.tokenMissing = tokenMissing;
    }

    /** The request carried no token at all. */
    public static AuthException missingToken() {
        return new AuthException("missing bearer token", true);
    }

    /**
     * Whether the request carried no token: its challenge then has no error code (RFC 6750 section
     * 3.1), only where to get a token.
     */
    public boolean tokenMissing() {
        return tokenMissing;
    }
}
