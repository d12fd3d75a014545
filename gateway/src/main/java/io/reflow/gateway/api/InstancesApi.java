package io.reflow.gateway.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.instances.InstanceView;
import io.reflow.gateway.instances.Instances;
import io.reflow.gateway.instances.Subscription;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.proxy.RequestGuard;
import io.reflow.gateway.proxy.UpstreamUnavailableException;
import io.reflow.gateway.target.TargetCatalog;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * {@code /api/instances}: the running MCP servers (Kubernetes instances, stdio processes) with
 * their state, a Server-Sent Events stream of the list on every change, and restarting one. Admins
 * see and restart all; users see their own and restart those only they use.
 */
public final class InstancesApi implements HttpService {

    private static final Logger LOG = Logger.getLogger(InstancesApi.class.getName());

    /** Where this service is registered. */
    public static final String PREFIX = "/api/instances";

    /** The routes of this service as the OpenAPI document names them. */
    static final List<String> ROUTES =
            List.of(
                    "GET " + PREFIX,
                    "GET " + PREFIX + "/events",
                    "POST " + PREFIX + "/{id}/restart");

    /** A comment line this often keeps idle streams open through proxies. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    /**
     * Open event streams one identity may hold: a console tab needs one, a few tabs a few. Each
     * holds a connection and a thread until it ends, so the count is bounded.
     */
    static final int MAX_STREAMS_PER_IDENTITY = 8;

    private final Map<String, AtomicInteger> openStreams = new ConcurrentHashMap<>();
    private final Instances instances;
    private final Ownership ownership;
    private final ApiCaller caller;

    /** Serves {@code instances}; ownership is judged against the targets of {@code catalog}. */
    public InstancesApi(
            Instances instances,
            TargetCatalog catalog,
            Authenticator authenticator,
            RequestGuard guard) {
        this.instances = instances;
        this.ownership = new Ownership(catalog);
        this.caller = new ApiCaller(authenticator, guard);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> caller.identify(req, res).ifPresent(id -> list(res, id)));
        rules.get(
                "/events",
                (req, res) -> caller.identify(req, res).ifPresent(id -> events(res, id)));
        rules.post(
                "/{id}/restart",
                (req, res) -> caller.identify(req, res).ifPresent(id -> restart(req, res, id)));
        rules.any("/", ApiFallbacks.methodNotAllowed(List.of("GET")));
        rules.any("/events", ApiFallbacks.methodNotAllowed(List.of("GET")));
        rules.any("/{id}/restart", ApiFallbacks.methodNotAllowed(List.of("POST")));
        ApiFallbacks.addNotFound(rules);
    }

    private void list(ServerResponse res, Identity identity) {
        ApiErrors.write(res, 200, visible(identity));
    }

    /**
     * The list as one {@code instances} event now and again after every change, until the client
     * goes away or the gateway stops. Changes that come while an event is written collapse into the
     * next one, which carries the whole list.
     */
    private void events(ServerResponse res, Identity identity) {
        AtomicInteger open = openStreams.computeIfAbsent(identity.key(), k -> new AtomicInteger());
        if (open.incrementAndGet() > MAX_STREAMS_PER_IDENTITY) {
            open.decrementAndGet();
            ApiErrors.send(
                    res,
                    429,
                    "too_many_streams",
                    "this identity has "
                            + MAX_STREAMS_PER_IDENTITY
                            + " instance event streams open already; close one first",
                    null);
            return;
        }
        try {
            stream(res, identity);
        } finally {
            open.decrementAndGet();
        }
    }

    private void stream(ServerResponse res, Identity identity) {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        try (Subscription subscription = instances.subscribe();
                OutputStream out = res.outputStream()) {
            write(out, event(identity));
            while (true) {
                Subscription.Wake wake = subscription.await(KEEP_ALIVE);
                if (wake == Subscription.Wake.CLOSED) {
                    return;
                }
                write(
                        out,
                        wake == Subscription.Wake.CHANGED ? event(identity) : ": keep-alive\n\n");
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.fine(() -> "instance event stream of " + identity.key() + " ended: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One event with the list; JSON has no raw line breaks, so it fits one {@code data:} line. */
    private String event(Identity identity) {
        return "event: instances\ndata: "
                + new String(Json.write(visible(identity)), StandardCharsets.UTF_8)
                + "\n\n";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void restart(ServerRequest req, ServerResponse res, Identity identity) {
        String id = req.path().pathParameters().get("id");
        Optional<InstanceView> found = instances.find(id);
        if (found.isEmpty()) {
            ApiErrors.send(res, 404, "not_found", "no running instance '" + id + "'", "id");
            return;
        }
        InstanceView view = found.get();
        if (!ownership.sees(view, identity)) {
            ApiErrors.send(res, 403, "forbidden", "instance '" + id + "' is not yours", "id");
            return;
        }
        if (!ownership.mayRestart(view, identity)) {
            ApiErrors.send(
                    res,
                    403,
                    "forbidden",
                    "instance '"
                            + id
                            + "' serves other users too (target '"
                            + view.target()
                            + "' is not isolated per_user): an admin restarts it",
                    "id");
            return;
        }
        try {
            if (!instances.restart(id)) {
                // Gone between the look-up and the restart: it stopped on its own.
                ApiErrors.send(res, 404, "not_found", "no running instance '" + id + "'", "id");
                return;
            }
        } catch (UpstreamUnavailableException e) {
            // The Kubernetes API refused or could not be reached; the message names the call.
            ApiErrors.send(res, e.httpStatus(), "unavailable", e.getMessage(), null);
            return;
        }
        LOG.info("instance restarted: " + id + " of " + view.target() + " by " + identity.key());
        ApiErrors.write(res, 200, Json.object().put("restarted", id));
    }

    private ArrayNode visible(Identity identity) {
        ArrayNode out = Json.array();
        for (InstanceView view : instances.list()) {
            if (ownership.sees(view, identity)) {
                out.add(json(view, ownership.mayRestart(view, identity)));
            }
        }
        return out;
    }

    /** One instance as this API shows it. */
    static ObjectNode json(InstanceView view, boolean restartable) {
        ObjectNode out = Json.object();
        out.put("id", view.id());
        out.put("target", view.target());
        out.put("transport", view.transport());
        out.put("subject_hash", view.subjectHash());
        out.put("phase", view.phase());
        out.put("reason", view.reason());
        out.put("started_at", text(view.startedAt()));
        out.put("last_activity_at", text(view.lastActivityAt()));
        out.put("endpoint", view.endpoint());
        out.put("restartable", restartable);
        return out;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
