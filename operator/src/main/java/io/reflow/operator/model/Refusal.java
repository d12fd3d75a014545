package io.reflow.operator.model;

import io.reflow.mcp.api.ReadyReasons;

/**
 * Why an instance cannot run now: the reason and message its Ready condition shows.
 *
 * @param reason CamelCase reason, one of {@link ReadyReasons}
 * @param message what went wrong and what to change, never a secret value
 */
public record Refusal(String reason, String message) {

    /** Whether the operator only waits for something to appear, rather than gives up. */
    public boolean waiting() {
        return ReadyReasons.SECRET_NOT_FOUND.equals(reason);
    }
}
