package io.reflow.gateway.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.audit.AuditQuery;
import io.reflow.gateway.audit.AuditRing;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.proxy.RequestGuard;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/logs}: the recent audit records of this replica, newest first, admin only.
 * Filters {@code user}, {@code target}, {@code method}, {@code outcome} ({@code ok}, {@code
 * denied}, {@code error}), {@code since} and {@code until} (RFC 3339 times); {@code limit} (1-1000,
 * default 100) and {@code cursor} (the {@code next_cursor} of the previous page) page through them.
 */
public final class LogsApi implements HttpService {

    /** Where this service is registered. */
    public static final String PREFIX = "/api/logs";

    /** The routes, as the OpenAPI document lists them. */
    static final List<String> ROUTES = List.of("GET " + PREFIX);

    private static final Set<String> OUTCOMES = Set.of("ok", "denied", "error");
    private static final Set<String> PARAMETERS =
            Set.of("user", "target", "method", "outcome", "since", "until", "cursor", "limit");

    private final AuditRing ring;
    private final ApiCaller admin;

    /** Answers from {@code ring}. */
    public LogsApi(AuditRing ring, Authenticator authenticator, RequestGuard guard) {
        this.ring = ring;
        this.admin = new ApiCaller(authenticator, guard);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list);
        rules.any("/", ApiFallbacks.methodNotAllowed(List.of("GET")));
        ApiFallbacks.addNotFound(rules);
    }

    private void list(ServerRequest req, ServerResponse res) {
        if (admin.admin(req, res) == null) {
            return;
        }
        AuditRing.Page page = ring.query(query(req));
        ObjectNode out = Json.object();
        ArrayNode records = out.putArray("records");
        page.records().forEach(r -> records.add(r.toJson()));
        if (page.nextCursor() > 0) {
            out.put("next_cursor", Long.toString(page.nextCursor()));
        } else {
            out.putNull("next_cursor");
        }
        ApiErrors.write(res, 200, out);
    }

    private static AuditQuery query(ServerRequest req) {
        var query = req.query();
        for (String name : query.names()) {
            if (!PARAMETERS.contains(name)) {
                throw new ApiException(
                        400,
                        "invalid_parameter",
                        "unknown query parameter " + Bounded.quoted(name),
                        Bounded.field(name));
            }
        }
        String outcome = text(req, "outcome").orElse(null);
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw new ApiException(
                    400, "invalid_parameter", "outcome must be ok, denied or error", "outcome");
        }
        return new AuditQuery(
                text(req, "user").orElse(null),
                text(req, "target").orElse(null),
                text(req, "method").orElse(null),
                outcome,
                time(req, "since"),
                time(req, "until"),
                number(req, "cursor", 0, 1, Long.MAX_VALUE),
                (int) number(req, "limit", 100, 1, 1000));
    }

    private static Optional<String> text(ServerRequest req, String name) {
        return req.query().first(name).asOptional().filter(v -> !v.isEmpty());
    }

    private static Instant time(ServerRequest req, String name) {
        Optional<String> value = text(req, name);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value.get());
        } catch (DateTimeParseException e) {
            throw new ApiException(
                    400,
                    "invalid_parameter",
                    name + " must be an RFC 3339 time such as 2026-01-31T12:00:00Z",
                    name);
        }
    }

    private static long number(ServerRequest req, String name, long fallback, long min, long max) {
        Optional<String> value = text(req, name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.get());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Answered below.
        }
        throw new ApiException(
                400,
                "invalid_parameter",
                name + " must be a whole number from " + min + " to " + max,
                name);
    }
}
