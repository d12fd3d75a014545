package io.reflow.gateway.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.auth.AuthException;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.proxy.AuthChallenge;
import io.reflow.gateway.proxy.RequestGuard;
import java.util.Optional;

/**
 * The checks every REST route makes before it runs: Host and Origin (DNS rebinding, cross-site
 * requests), then the bearer token. Answers the refusal itself, as {@code /api/targets} does.
 */
final class ApiCaller {

    private final Authenticator authenticator;
    private final RequestGuard guard;

    ApiCaller(Authenticator authenticator, RequestGuard guard) {
        this.authenticator = authenticator;
        this.guard = guard;
    }

    /** The caller's identity, or empty once a 403 (origin) or 401 answer has been sent. */
    Optional<Identity> identify(ServerRequest req, ServerResponse res) {
        Optional<String> refused =
                guard.check(
                        req.headers().first(HeaderNames.HOST),
                        req.headers().first(HeaderNames.ORIGIN));
        if (refused.isPresent()) {
            ApiErrors.send(res, 403, "forbidden_origin", refused.get(), null);
            return Optional.empty();
        }
        try {
            return Optional.of(
                    authenticator.authenticate(req.headers().first(HeaderNames.AUTHORIZATION)));
        } catch (AuthException e) {
            res.header(HeaderNames.WWW_AUTHENTICATE, AuthChallenge.of(e));
            ApiErrors.send(res, 401, "unauthorized", e.getMessage(), "Authorization");
            return Optional.empty();
        }
    }
}
