package io.reflow.gateway.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.auth.AuthException;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.proxy.AuthChallenge;
import io.reflow.gateway.proxy.RequestGuard;

/** The checks every admin-only route makes first: Host/Origin, authentication, the admin flag. */
final class AdminCall {

    private final Authenticator authenticator;
    private final RequestGuard guard;

    AdminCall(Authenticator authenticator, RequestGuard guard) {
        this.authenticator = authenticator;
        this.guard = guard;
    }

    /** The admin calling, or null after answering 401 or 403. */
    Identity admin(ServerRequest req, ServerResponse res) {
        var refused =
                guard.check(
                        req.headers().first(HeaderNames.HOST),
                        req.headers().first(HeaderNames.ORIGIN));
        if (refused.isPresent()) {
            ApiErrors.send(res, 403, "forbidden_origin", refused.get(), null);
            return null;
        }
        Identity identity;
        try {
            identity = authenticator.authenticate(req.headers().first(HeaderNames.AUTHORIZATION));
        } catch (AuthException e) {
            res.header(HeaderNames.WWW_AUTHENTICATE, AuthChallenge.of(e));
            ApiErrors.send(res, 401, "unauthorized", e.getMessage(), "Authorization");
            return null;
        }
        if (!identity.admin()) {
            ApiErrors.send(res, 403, "forbidden", "this route needs an admin", null);
            return null;
        }
        return identity;
    }
}
