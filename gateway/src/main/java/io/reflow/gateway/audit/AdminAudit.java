package io.reflow.gateway.audit;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.reflow.gateway.auth.AuthException;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.pipeline.Admission;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Records every change made through the REST API ({@code POST}, {@code PUT}, {@code PATCH} and
 * {@code DELETE} on {@code /api/**}): who, which route, the status and the duration. Reads are not
 * recorded. Bodies never are: they hold env values.
 */
public final class AdminAudit implements Filter {

    private static final Set<Method> CHANGES =
            Set.of(Method.POST, Method.PUT, Method.PATCH, Method.DELETE);

    private final AuditLog log;
    private final Authenticator authenticator;
    private final Clock clock;

    /** Records into {@code log}; the caller is identified again with {@code authenticator}. */
    public AdminAudit(AuditLog log, Authenticator authenticator, Clock clock) {
        this.log = log;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (!path.startsWith("/api/") || !CHANGES.contains(req.prologue().method())) {
            chain.proceed();
            return;
        }
        Instant time = clock.instant();
        long start = System.nanoTime();
        boolean thrown = true;
        try {
            chain.proceed();
            thrown = false;
        } finally {
            Identity identity = identity(req);
            log.write(
                    new AuditRecord(
                            0,
                            time,
                            log.replica(),
                            "admin",
                            identity == null ? null : identity.subject(),
                            identity == null ? null : identity.role(),
                            identity == null ? null : identity.groups(),
                            target(path),
                            req.prologue().method().text(),
                            Texts.cut(path),
                            null,
                            null,
                            null,
                            null,
                            null,
                            thrown ? 500 : res.status().code(),
                            null,
                            (System.nanoTime() - start) / 1e6,
                            null,
                            null,
                            Texts.traceId(req.headers().first(HeaderNames.create("traceparent"))),
                            null,
                            null));
        }
    }

    /** The caller as admitted once for the whole request; authenticated here only without it. */
    private Identity identity(RoutingRequest req) {
        Optional<Admission> admitted = Admission.in(req.context());
        if (admitted.isPresent()) {
            return admitted.get().identity().orElse(null);
        }
        try {
            return authenticator.authenticate(req.headers().first(HeaderNames.AUTHORIZATION));
        } catch (AuthException e) {
            return null;
        }
    }

    /** The target a {@code /api/targets/{id}/...} route changes, else null. */
    private static String target(String path) {
        String prefix = "/api/targets/";
        if (!path.startsWith(prefix) || path.length() == prefix.length()) {
            return null;
        }
        String rest = path.substring(prefix.length());
        int slash = rest.indexOf('/');
        return Texts.cut(slash < 0 ? rest : rest.substring(0, slash));
    }
}
