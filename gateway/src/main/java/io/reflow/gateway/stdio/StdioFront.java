package io.reflow.gateway.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.proxy.JsonRpcErrors;
import io.reflow.gateway.proxy.LocalTransport;
import io.reflow.gateway.proxy.McpProxy;
import io.reflow.gateway.proxy.SessionTokens;
import io.reflow.gateway.proxy.UpstreamUnavailableException;
import java.io.IOException;
import java.util.Optional;

/**
 * Streamable HTTP for stdio targets, after the front's checks: an initialize starts (or joins) a
 * process and opens a session; requests go to stdin and their response comes back as JSON or as an
 * SSE stream carrying what relates to them first; notifications and answers to server requests get
 * 202; GET opens the session's stream of unsolicited messages; DELETE ends the session.
 */
final class StdioFront implements LocalTransport {

    private final ProcessPool pool;
    private final ProcessStarter starter;
    private final SessionTokens sessions;
    private final StreamWriter writer;

    /** A session bound to its running process. */
    private record Bound(Channel process, ClientSession session) {}

    StdioFront(
            ProcessPool pool, ProcessStarter starter, SessionTokens sessions, StreamWriter writer) {
        this.pool = pool;
        this.starter = starter;
        this.sessions = sessions;
        this.writer = writer;
    }

    @Override
    public void serve(ServerRequest req, ServerResponse res, McpProxy.Exchange ex) {
        switch (ex.httpMethod()) {
            case "POST" -> post(req, res, ex);
            case "GET" -> get(req, res, ex);
            default -> delete(res, ex);
        }
    }

    private void post(ServerRequest req, ServerResponse res, McpProxy.Exchange ex) {
        JsonNode body;
        try {
            body = Json.read(ex.message().body());
        } catch (IOException e) {
            // The front validated the body; this cannot happen.
            throw new IllegalStateException(e);
        }
        if (!body.isObject()) {
            JsonRpcErrors.send(
                    res,
                    400,
                    null,
                    JsonRpcErrors.INVALID_REQUEST,
                    "stdio targets take one JSON-RPC message per POST, not a batch");
            return;
        }
        ObjectNode message = (ObjectNode) body;
        if (ex.message().initialize()) {
            initialize(req, res, ex, message);
            return;
        }
        Bound bound = bound(res, ex);
        if (bound == null) {
            return;
        }
        if (message.hasNonNull("method") && message.hasNonNull("id")) {
            request(req, res, bound, message, ex);
            return;
        }
        translateCancellation(bound, message);
        send(bound.process(), ex, message);
        res.status(202);
        res.send();
    }

    private void initialize(
            ServerRequest req, ServerResponse res, McpProxy.Exchange ex, ObjectNode message) {
        ProcessStarter.Started started = starter.acquire(ex.target(), ex.identity());
        Channel process = started.process();
        Optional<ClientSession> session = process.router().open();
        if (session.isEmpty()) {
            throw new UpstreamUnavailableException(
                    503,
                    "the server process of target '" + ex.target().name() + "' just stopped; retry",
                    java.time.Duration.ofSeconds(1));
        }
        String token =
                sessions.issue(
                        ex.target().name(),
                        ex.identity().key(),
                        process.id() + "/" + session.get().id());
        res.header(McpProxy.SESSION_ID, token);
        request(req, res, new Bound(process, session.get()), message, ex);
    }

    private void request(
            ServerRequest req,
            ServerResponse res,
            Bound bound,
            ObjectNode message,
            McpProxy.Exchange ex) {
        boolean streaming =
                req.headers()
                        .first(HeaderNames.ACCEPT)
                        .map(a -> a.contains("text/event-stream"))
                        .orElse(false);
        Outbox outbox = new Outbox(ex.listFilter()::filterMessage);
        JsonNode clientId = message.get("id");
        JsonNode progressToken = message.path("params").path("_meta").get("progressToken");
        MessageRouter router = bound.process().router();
        String upstreamId =
                router.register(
                        bound.session(),
                        message.path("method").asText(""),
                        clientId,
                        progressToken,
                        outbox,
                        streaming);
        message.put("id", upstreamId);
        bound.process().touch();
        try {
            bound.process().send(Json.write(message));
        } catch (IOException e) {
            router.forget(upstreamId);
            throw new UpstreamUnavailableException(
                    502,
                    "the server process of target '"
                            + bound.process().target()
                            + "' does not accept input",
                    null,
                    e);
        }
        Runnable cancel = () -> cancel(bound.process(), upstreamId);
        if (streaming) {
            writer.stream(res, outbox, clientId, cancel);
        } else {
            writer.json(res, outbox, clientId, cancel);
        }
    }

    /** Tells the process a request is abandoned (its client left or it timed out). */
    private static void cancel(Channel process, String upstreamId) {
        process.router().forget(upstreamId);
        ObjectNode cancelled = Json.object();
        cancelled.put("jsonrpc", "2.0");
        cancelled.put("method", "notifications/cancelled");
        ObjectNode params = cancelled.putObject("params");
        params.put("requestId", upstreamId);
        params.put("reason", "the client left or the request timed out");
        try {
            process.send(Json.write(cancelled));
        } catch (IOException e) {
            // The process is going; its exit reports the rest.
        }
    }

    /** A client's cancellation names its own request id; the process knows the gateway's. */
    private static void translateCancellation(Bound bound, ObjectNode message) {
        if (!"notifications/cancelled".equals(message.path("method").asText())) {
            return;
        }
        JsonNode params = message.get("params");
        if (params instanceof ObjectNode p && p.has("requestId")) {
            bound.process()
                    .router()
                    .cancel(bound.session(), p.get("requestId"))
                    .ifPresent(id -> p.put("requestId", id));
        }
    }

    private static void send(Channel process, McpProxy.Exchange ex, ObjectNode message) {
        process.touch();
        try {
            process.send(Json.write(message));
        } catch (IOException e) {
            throw new UpstreamUnavailableException(
                    502,
                    "the server process of target '"
                            + ex.target().name()
                            + "' does not accept input",
                    null,
                    e);
        }
    }

    private void get(ServerRequest req, ServerResponse res, McpProxy.Exchange ex) {
        Bound bound = bound(res, ex);
        if (bound == null) {
            return;
        }
        Outbox outbox = bound.session().openStream();
        try {
            writer.stream(res, outbox, null, () -> {});
        } finally {
            bound.session().streamClosed(outbox);
        }
    }

    private void delete(ServerResponse res, McpProxy.Exchange ex) {
        Bound bound = bound(res, ex);
        if (bound == null) {
            return;
        }
        int remaining = bound.process().router().close(bound.session());
        if (remaining == 0 && !starter.shared(ex.target())) {
            pool.retire(bound.process(), "its session ended");
        }
        res.status(204);
        res.send();
    }

    /** The session's process, or null after answering 400 (no session) or 404 (gone). */
    private Bound bound(ServerResponse res, McpProxy.Exchange ex) {
        if (ex.session().isEmpty()) {
            JsonRpcErrors.send(
                    res,
                    400,
                    ex.message().id(),
                    JsonRpcErrors.INVALID_REQUEST,
                    "header Mcp-Session-Id is required; initialize first");
            return null;
        }
        String[] ids = ex.session().get().upstreamSession().split("/", 2);
        Optional<Channel> process = ids.length == 2 ? pool.find(ids[0]) : Optional.empty();
        Optional<ClientSession> session = process.flatMap(p -> p.router().session(ids[1]));
        if (session.isEmpty()) {
            JsonRpcErrors.send(
                    res,
                    404,
                    ex.message().id(),
                    JsonRpcErrors.NOT_FOUND,
                    "session not found: its server process has stopped; initialize a new session");
            return null;
        }
        return new Bound(process.get(), session.get());
    }
}
