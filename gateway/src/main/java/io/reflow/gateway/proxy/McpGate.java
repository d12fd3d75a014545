package io.reflow.gateway.proxy;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.pipeline.Admission;

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

    /**
     * The caller of {@code req}, as the web server's admission filter found it (or, on a routing
     * without that filter, as checked here); throws a 403 or 401 refusal.
     */
    public Identity admit(ServerRequest req) throws Refusal {
        Admission admission = Admission.of(req, guard, authenticator);
        if (admission.identity().isPresent()) {
            return admission.identity().get();
        }
        if (admission.authFailure().isEmpty()) {
            throw new Refusal(admission.status(), admission.refusal(), null);
        }
        throw new Refusal(
                401,
                admission.refusal(),
                AuthChallenge.of(
                        admission.authFailure().get(),
                        authenticator.protectedResource(),
                        req.path().absolute().path()));
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
