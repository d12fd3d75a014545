package io.reflow.gateway.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.pipeline.Admission;
import io.reflow.gateway.proxy.AuthChallenge;
import io.reflow.gateway.proxy.RequestGuard;
import java.util.Optional;

/**
 * The caller of a REST route: the {@link Admission} the web server's filter left on the request
 * (Host and Origin, then the bearer token, checked once), a refusal answered in the REST API's
 * format.
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
        Admission admission = Admission.of(req, guard, authenticator);
        if (admission.identity().isPresent()) {
            return admission.identity();
        }
        if (admission.authFailure().isEmpty()) {
            ApiErrors.send(res, 403, "forbidden_origin", admission.refusal(), null);
            return Optional.empty();
        }
        res.header(HeaderNames.WWW_AUTHENTICATE, AuthChallenge.of(admission.authFailure().get()));
        ApiErrors.send(res, 401, "unauthorized", admission.refusal(), "Authorization");
        return Optional.empty();
    }

    /** The admin calling, or null after answering 401 or 403 (also to a caller who is no admin). */
    Identity admin(ServerRequest req, ServerResponse res) {
        Identity identity = identify(req, res).orElse(null);
        if (identity != null && !identity.admin()) {
            ApiErrors.send(res, 403, "forbidden", "this route needs an admin", null);
            return null;
        }
        return identity;
    }
}
