package io.reflow.gateway.proxy;

import io.reflow.gateway.auth.AuthException;

/** The {@code WWW-Authenticate} value of a 401. */
public final class AuthChallenge {

    private AuthChallenge() {}

    /** A Bearer challenge describing why authentication failed. */
    public static String of(AuthException e) {
        String description = e.getMessage().replace("\"", "'").replace("\\", "");
        return "Bearer realm=\"reflow\", error=\"invalid_token\", error_description=\""
                + description
                + "\"";
    }
}
