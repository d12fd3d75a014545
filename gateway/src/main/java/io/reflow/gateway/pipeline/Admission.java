package io.reflow.gateway.pipeline;

import io.helidon.common.context.Context;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;
import io.reflow.gateway.auth.AuthException;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.proxy.RequestGuard;
import java.util.Optional;

/**
 * Whether a request got in: its caller's identity, or why it was refused (403 for its Host or
 * Origin, 401 for its token). Decided once per request by {@link AdmissionFilter} and kept in the
 * request's context, where each route, the audit trail and the error answers read it.
 */
public final class Admission {

    private final Identity identity;
    private final int status;
    private final String refusal;
    private final AuthException authFailure;

    private Admission(Identity identity, int status, String refusal, AuthException authFailure) {
        this.identity = identity;
        this.status = status;
        this.refusal = refusal;
        this.authFailure = authFailure;
    }

    /**
     * Checks Host and Origin with {@code guard}, then the bearer token with {@code authenticator}.
     */
    public static Admission decide(
            RequestGuard guard, Authenticator authenticator, Headers headers) {
        Optional<String> refused =
                guard.check(headers.first(HeaderNames.HOST), headers.first(HeaderNames.ORIGIN));
        if (refused.isPresent()) {
            return new Admission(null, 403, refused.get(), null);
        }
        try {
            return new Admission(
                    authenticator.authenticate(headers.first(HeaderNames.AUTHORIZATION)),
                    200,
                    null,
                    null);
        } catch (AuthException e) {
            return new Admission(null, 401, e.getMessage(), e);
        }
    }

    /**
     * The admission {@link AdmissionFilter} left on {@code req}; on a routing without that filter,
     * decided here with {@code guard} and {@code authenticator}.
     */
    public static Admission of(ServerRequest req, RequestGuard guard, Authenticator authenticator) {
        return in(req.context()).orElseGet(() -> decide(guard, authenticator, req.headers()));
    }

    /** The admission {@link AdmissionFilter} left in {@code context}, if it ran. */
    public static Optional<Admission> in(Context context) {
        return context.get(Admission.class);
    }

    /** The caller, when admitted. */
    public Optional<Identity> identity() {
        return Optional.ofNullable(identity);
    }

    /** 403 or 401 when refused; 200 when admitted. */
    public int status() {
        return status;
    }

    /** Why it was refused (a fixed text, never the token), or null when admitted. */
    public String refusal() {
        return refusal;
    }

    /** The authentication failure of a 401, for its challenge. */
    public Optional<AuthException> authFailure() {
        return Optional.ofNullable(authFailure);
    }
}
