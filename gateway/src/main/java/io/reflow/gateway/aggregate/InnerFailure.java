package io.reflow.gateway.aggregate;

import io.reflow.gateway.access.Decision;
import java.util.Optional;

/** A call to {@code /mcp/{target}} that did not give an answer: its HTTP status and why. */
final class InnerFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** Status used when no HTTP answer came (timeout, connection failure). */
    static final int NO_ANSWER = 0;

    private final int status;
    private final Optional<Decision> decision;

    InnerFailure(int status, String message) {
        this(status, message, Optional.empty());
    }

    /** A refusal of the per-target endpoint, with the policy decision it took. */
    InnerFailure(int status, String message, Optional<Decision> decision) {
        super(message, null, false, false);
        this.status = status;
        this.decision = decision;
    }

    /** The policy decision of the per-target endpoint, when it took one. */
    Optional<Decision> decision() {
        return decision;
    }

    /** The HTTP status of the per-target endpoint, or {@link #NO_ANSWER}. */
    int status() {
        return status;
    }

    /** Whether the target is one the caller may not use (403) or that does not exist (404). */
    boolean notUsable() {
        return status == 403 || status == 404;
    }

    /** A bounded label for metrics. */
    String reason() {
        return status == NO_ANSWER ? "unreachable" : "http_" + status;
    }
}
