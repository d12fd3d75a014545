package io.reflow.gateway.api;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.proxy.RequestGuard;

/** The checks every admin-only route makes first: the caller's admission and the admin flag. */
final class AdminCall {

    private final ApiCaller caller;

    AdminCall(Authenticator authenticator, RequestGuard guard) {
        this.caller = new ApiCaller(authenticator, guard);
    }

    /** The admin calling, or null after answering 401 or 403. */
    Identity admin(ServerRequest req, ServerResponse res) {
        return caller.admin(req, res);
    }
}
