package io.reflow.gateway.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.audit.AuditNote;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.proxy.HeaderValues;
import io.reflow.gateway.proxy.JsonRpcErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The requests of an open {@code /mcp} session: lists answered page by page, calls routed to the
 * member that owns the name or URI, {@code ping} and {@code logging/setLevel} sent to every member,
 * and any other method refused with -32601 (never sent to some member at random).
 */
final class Dispatcher {

    private final Calls calls;
    private final ListPages lists;
    private final ListIndex index;
    private final InFlight inFlight = new InFlight();

    Dispatcher(Calls calls, ListPages lists, ListIndex index) {
        this.calls = calls;
        this.lists = lists;
        this.index = index;
    }

    /** Answers the request {@code message}. */
    void request(Context ctx, ObjectNode message, ServerResponse res) {
        String method = message.path("method").asText();
        JsonNode id = message.get("id");
        JsonNode params = message.path("params");
        ListPages.Kind kind = ListPages.Kind.of(method);
        if (kind != null) {
            try {
                result(res, id, lists.page(ctx, kind, params));
            } catch (IllegalArgumentException e) {
                error(res, id, JsonRpcErrors.INVALID_PARAMS, "params.cursor: " + e.getMessage());
            }
            return;
        }
        switch (method) {
            case "ping", "logging/setLevel" -> {
                everyMember(ctx, message);
                result(res, id, Json.object());
            }
            case "tools/call" -> byName(ctx, message, ListPages.Kind.TOOLS, "tool", res);
            case "prompts/get" -> byName(ctx, message, ListPages.Kind.PROMPTS, "prompt", res);
            case "resources/read", "resources/subscribe", "resources/unsubscribe" ->
                    byUri(ctx, message, params.path("uri"), "params.uri", res);
            case "completion/complete" -> completion(ctx, message, res);
            default ->
                    error(
                            res,
                            id,
                            JsonRpcErrors.METHOD_NOT_FOUND,
                            "method '"
                                    + HeaderValues.safe(shorten(method))
                                    + "' is not supported by /mcp");
        }
    }

    private void byName(
            Context ctx, ObjectNode message, ListPages.Kind kind, String what, ServerResponse res) {
        JsonNode id = message.get("id");
        JsonNode name = message.path("params").path("name");
        if (!name.isTextual()) {
            error(
                    res,
                    id,
                    JsonRpcErrors.INVALID_PARAMS,
                    "params.name: a " + what + " name is required");
            return;
        }
        Optional<Names.Owner> owner =
                Names.owner(ctx.prefixes(), name.asText(), p -> lists.names(ctx, kind, p));
        if (owner.isEmpty()) {
            error(
                    res,
                    id,
                    JsonRpcErrors.INVALID_PARAMS,
                    "unknown " + what + " '" + HeaderValues.safe(shorten(name.asText())) + "'");
            return;
        }
        ObjectNode routed = message.deepCopy();
        ((ObjectNode) routed.get("params")).put("name", owner.get().name());
        forward(ctx, owner.get().member().target(), routed, res);
    }

    private void completion(Context ctx, ObjectNode message, ServerResponse res) {
        JsonNode ref = message.path("params").path("ref");
        String type = ref.path("type").asText("");
        if (type.equals("ref/prompt") && ref.path("name").isTextual()) {
            Optional<Names.Owner> owner =
                    Names.owner(
                            ctx.prefixes(),
                            ref.get("name").asText(),
                            p -> lists.names(ctx, ListPages.Kind.PROMPTS, p));
            if (owner.isPresent()) {
                ObjectNode routed = message.deepCopy();
                ((ObjectNode) routed.get("params").get("ref")).put("name", owner.get().name());
                forward(ctx, owner.get().member().target(), routed, res);
                return;
            }
        } else if (type.equals("ref/resource")) {
            byUri(ctx, message, ref.path("uri"), "params.ref.uri", res);
            return;
        }
        error(
                res,
                message.get("id"),
                JsonRpcErrors.INVALID_PARAMS,
                "params.ref: not a prompt or resource of this session");
    }

    /** Routes by the member that listed the URI; else asks each member in turn. */
    private void byUri(
            Context ctx, ObjectNode message, JsonNode uri, String field, ServerResponse res) {
        JsonNode id = message.get("id");
        if (!uri.isTextual()) {
            error(res, id, JsonRpcErrors.INVALID_PARAMS, field + ": a URI is required");
            return;
        }
        Optional<String> known = index.ownerOf(ctx.token(), uri.asText());
        if (known.isPresent() && ctx.member(known.get()).isPresent()) {
            forward(ctx, known.get(), message, res);
            return;
        }
        JsonNode lastError = null;
        for (AggregateSessions.Member member : ctx.session().members()) {
            try {
                JsonNode answer = calls.request(ctx.caller(), member, message);
                if (answer.has("result")) {
                    AuditNote.current().routed(member.target(), null);
                    json(res, answer);
                    return;
                }
                lastError = answer;
            } catch (InnerFailure e) {
                // Another member may have it.
            }
        }
        if (lastError != null) {
            json(res, lastError);
        } else {
            error(
                    res,
                    id,
                    JsonRpcErrors.INVALID_PARAMS,
                    field
                            + ": unknown resource '"
                            + HeaderValues.safe(shorten(uri.asText()))
                            + "'");
        }
    }

    private void forward(Context ctx, String target, ObjectNode message, ServerResponse res) {
        AggregateSessions.Member member = ctx.member(target).orElseThrow();
        InFlight.Held held = inFlight.hold(ctx.token(), message.get("id"), member);
        InnerStream stream = null;
        try {
            stream =
                    calls.open(
                            ctx.caller(),
                            target,
                            member.session(),
                            "POST",
                            Json.write(message),
                            calls.timeout(target));
            AuditNote.current().routed(target, stream.decision().orElse(null));
            held.answering(stream);
            Relay.relay(stream, res, target);
        } catch (RuntimeException e) {
            if (!held.cancelled()) {
                throw e;
            }
        } catch (InnerFailure e) {
            AuditNote.current().routed(target, e.decision().orElse(null));
            if (!held.cancelled()) {
                failed(res, message.get("id"), target, e);
            }
        } finally {
            inFlight.release(held);
        }
        // An SSE answer was started by the relay, which ended it; a JSON one may be unsent.
        if (held.cancelled() && (stream == null || !stream.sse()) && !res.isSent()) {
            // No response follows a cancelled request: an SSE stream that ends with no event.
            new SseWriter(res).close();
        }
    }

    /**
     * A client's {@code notifications/cancelled}: a request this replica relays goes to the one
     * member that holds it (with the same id, the one that member was sent), and its relay ends, so
     * no result reaches the client. A request this replica does not relay (served by another
     * replica, sent to several members, or already answered) is cancelled at every member; a member
     * ignores an id it does not hold.
     */
    void cancel(Context ctx, ObjectNode message) {
        Optional<InFlight.Held> held =
                inFlight.take(ctx.token(), message.path("params").path("requestId"));
        if (held.isEmpty()) {
            everyMember(ctx, message);
            return;
        }
        // Told first, then cut: a stdio target maps the id only while the call is open.
        calls.deliver(ctx.caller(), held.get().member(), Json.write(message));
        held.get().stop();
    }

    /** Sends {@code message} to every member at once and waits for all (failures ignored). */
    void everyMember(Context ctx, ObjectNode message) {
        List<Callable<Void>> tasks = new ArrayList<>();
        long longest = 0;
        for (AggregateSessions.Member member : ctx.session().members()) {
            longest = Math.max(longest, calls.timeout(member.target()).toMillis());
            tasks.add(
                    () -> {
                        if (message.has("id")) {
                            calls.request(ctx.caller(), member, message);
                        } else {
                            calls.deliver(ctx.caller(), member, Json.write(message));
                        }
                        return null;
                    });
        }
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            threads.invokeAll(tasks, longest, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The answer to a routed call that got none: 404 ends the session, as on /mcp/{target}. */
    static void failed(ServerResponse res, JsonNode id, String target, InnerFailure e) {
        if (e.status() == 404) {
            JsonRpcErrors.send(
                    res,
                    404,
                    id,
                    JsonRpcErrors.NOT_FOUND,
                    "session not found (target '"
                            + target
                            + "' no longer knows it); initialize a new session");
            return;
        }
        int status = e.status() == InnerFailure.NO_ANSWER ? 502 : e.status();
        JsonRpcErrors.send(
                res,
                status,
                id,
                status == 403 ? JsonRpcErrors.UNAUTHORIZED : JsonRpcErrors.SERVER_ERROR,
                "target '" + target + "': " + e.getMessage());
    }

    private static void result(ServerResponse res, JsonNode id, JsonNode result) {
        ObjectNode answer = Json.object();
        answer.put("jsonrpc", "2.0");
        answer.set("id", id);
        answer.set("result", result);
        json(res, answer);
    }

    private static void json(ServerResponse res, JsonNode body) {
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.write(body));
    }

    private static void error(ServerResponse res, JsonNode id, int code, String message) {
        JsonRpcErrors.send(res, 200, id, code, message);
    }

    private static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
