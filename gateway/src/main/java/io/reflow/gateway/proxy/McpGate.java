package io.reflow.gateway.proxy;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.auth.AuthException;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.auth.Identity;
import java.util.Optional;

/**
 * The checks every MCP request passes first, on {@code /mcp} and {@code /mcp/{target}} alike: Host
 * and Origin (DNS rebinding), then the bearer token. A refusal is a {@link Refusal}, answered in
 * one place with the JSON-RPC error body and, for a 401, the challenge naming the OAuth metadata of
 * the requested path.
 */
public final class McpGate {

    private final RequestGuard guard;
    private final Authenticator authenticator;

    /** A gate checking with {@code guard} and {@code authenticator}. */
    public McpGate(RequestGuard guard, Authenticator authenticator) {
        this.guard = guard;
        this.authenticator = authenticator;
    }

    /** The caller of {@code req}; throws a 403 or 401 refusal. */
    public Identity admit(ServerRequest req) throws Refusal {
        Optional<String> refused =
                guard.check(
                        req.headers().first(HeaderNames.HOST),
                        req.headers().first(HeaderNames.ORIGIN));
        if (refused.isPresent()) {
            throw new Refusal(403, refused.get(), null);
        }
        try {
            return authenticator.authenticate(req.headers().first(HeaderNames.AUTHORIZATION));
        } catch (AuthException e) {
            throw new Refusal(
                    401,
                    e.getMessage(),
                    AuthChallenge.of(
                            e, authenticator.protectedResource(), req.path().absolute().path()));
        }
    }

    /** A request the gate refused: its status, the client-facing message, the challenge if any. */
    public static final class Refusal extends Exception {

        private static final long serialVersionUID = 1L;

        private final int status;
        private final String challenge;

        Refusal(int status, String message, String challenge) {
            super(message, null, false, false);
            this.status = status;
            this.challenge = challenge;
        }

        /** Answers the refusal as a JSON-RPC error. */
        public void send(ServerResponse res) {
            if (challenge != null) {
                res.header(HeaderNames.WWW_AUTHENTICATE, challenge);
            }
            JsonRpcErrors.send(res, status, null, JsonRpcErrors.UNAUTHORIZED, getMessage());
        }
    }
}
