package io.reflow.gateway.proxy;

import io.reflow.gateway.auth.AuthException;

/** The {@code WWW-Authenticate} value of a 401. */
public final class AuthChallenge {

    private AuthChallenge() {}

    /**
     * A Bearer challenge with the exception's fixed description; quotes and backslashes, which
     * would end the quoted string, and control characters are removed.
     */
    public static String of(AuthException e) {
        String description = e.getMessage().replace("\"", "'").replace("\\", "");
        return HeaderValues.safe(
                "Bearer realm=\"reflow\", error=\"invalid_token\", error_description=\""
                        + description
                        + "\"");
    }
}
