package io.reflow.gateway.pipeline;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.proxy.RequestGuard;

/**
 * Decides the {@link Admission} of every request to {@code /mcp}, {@code /mcp/**} and {@code
 * /api/**} before any route runs, and leaves it on the request: the token is verified once, however
 * many parts (the route, the audit trail) need the caller. It answers nothing itself: each endpoint
 * answers a refusal in its own format (a JSON-RPC error, the REST API's error object), and the
 * audit trail records it.
 */
public final class AdmissionFilter implements Filter {

    private final RequestGuard guard;
    private final Authenticator authenticator;

    /** Checks with {@code guard} and {@code authenticator}. */
    public AdmissionFilter(RequestGuard guard, Authenticator authenticator) {
        this.guard = guard;
        this.authenticator = authenticator;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (guarded(req.path().absolute().path())) {
            req.context().register(Admission.decide(guard, authenticator, req.headers()));
        }
        chain.proceed();
    }

    /** Whether requests to {@code path} need a caller. */
    static boolean guarded(String path) {
        return path.equals("/mcp")
                || path.startsWith("/mcp/")
                || path.equals("/api")
                || path.startsWith("/api/");
    }
}
