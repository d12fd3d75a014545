package io.reflow.gateway.proxy;

import java.time.Duration;

/**
 * No upstream can serve the request now. The proxy answers with {@link #httpStatus()} and a
 * JSON-RPC error carrying {@link #getMessage()}, plus {@code Retry-After} when {@link
 * #retryAfter()} is set.
 */
public class UpstreamUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final transient Duration retryAfter;

    /** Creates the exception; the message is shown to the client, so it never holds secrets. */
    public UpstreamUnavailableException(int httpStatus, String message, Duration retryAfter) {
        super(message);
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    /** Creates the exception with a cause. */
    public UpstreamUnavailableException(
            int httpStatus, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    /** HTTP status for the client: 502, 503 or 504 usually. */
    public int httpStatus() {
        return httpStatus;
    }

    /** How long the client should wait before retrying, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
