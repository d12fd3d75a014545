package io.reflow.gateway.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.proxy.JsonRpcErrors;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Who gets what a process writes. Client request ids are replaced with ids of the gateway's own, so
 * several sessions sharing one process cannot collide; responses get the client's id back and go to
 * the stream of their request. Progress goes to the stream of the request that asked for it;
 * server-to-client requests to the newest open POST stream of a request that can ask the client
 * something, else to the newest open POST stream, else to a session's GET stream; other
 * notifications to every session's GET stream.
 *
 * <p>Stdio carries no link between a server request and the client request it serves, hence the
 * guess by method: a client that lists tools while a tool call waits for elicitation (as clients do
 * on every {@code list_changed}) would otherwise get the elicitation on the stream of the listing,
 * which answers quickly and may be read by a caller that only wants the list.
 */
final class MessageRouter {

    private static final Logger LOG = Logger.getLogger(MessageRouter.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A request waiting for its response. */
    private record Pending(
            long sequence,
            ClientSession session,
            JsonNode clientId,
            JsonNode progressToken,
            Outbox outbox,
            boolean streaming,
            boolean mayAsk) {}

    private final String target;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private volatile String failure;

    MessageRouter(String target) {
        this.target = target;
    }

    /** A new client session, or empty once the process has gone. */
    Optional<ClientSession> open() {
        if (failure != null) {
            return Optional.empty();
        }
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        ClientSession session = new ClientSession(HexFormat.of().formatHex(random));
        sessions.put(session.id(), session);
        return Optional.of(session);
    }

    Optional<ClientSession> session(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    /** Ends a session; returns how many remain. */
    int close(ClientSession session) {
        sessions.remove(session.id());
        session.end();
        pending.values().removeIf(p -> p.session() == session);
        return sessions.size();
    }

    /**
     * Registers a request of {@code session} for {@code method}; returns the id it carries on the
     * process's stdin. With {@code streaming}, messages related to the request go to {@code outbox}
     * too.
     */
    String register(
            ClientSession session,
            String method,
            JsonNode clientId,
            JsonNode progressToken,
            Outbox outbox,
            boolean streaming) {
        long n = sequence.incrementAndGet();
        String upstreamId = "reflow-" + n;
        pending.put(
                upstreamId,
                new Pending(
                        n, session, clientId, progressToken, outbox, streaming, mayAsk(method)));
        if (failure != null) {
            fail(upstreamId, failure);
        }
        return upstreamId;
    }

    /**
     * Whether a request for {@code method} can lead the server to ask the client (sampling,
     * elicitation, roots): a handshake, a ping or a listing cannot.
     */
    static boolean mayAsk(String method) {
        return !(method.equals("initialize") || method.equals("ping") || method.endsWith("/list"));
    }

    /** Forgets a request (answered elsewhere, cancelled, or its client left). */
    void forget(String upstreamId) {
        pending.remove(upstreamId);
    }

    /**
     * The client cancelled a request of {@code session}: its stream ends without a response (none
     * will come). Returns the process-side id of the request, to cancel it there.
     */
    Optional<String> cancel(ClientSession session, JsonNode clientId) {
        Optional<String> id =
                pending.entrySet().stream()
                        .filter(e -> e.getValue().session() == session)
                        .filter(e -> e.getValue().clientId().equals(clientId))
                        .map(Map.Entry::getKey)
                        .findFirst();
        id.map(pending::remove).ifPresent(p -> p.outbox().end(null));
        return id;
    }

    /**
     * Routes one message the process wrote; returns a message to write back to the process (an
     * error for a request no client can receive), or null.
     */
    byte[] route(ObjectNode message) {
        boolean hasMethod = message.hasNonNull("method");
        JsonNode id = message.get("id");
        if (!hasMethod && id != null) {
            response(message, id);
            return null;
        }
        if (hasMethod && id != null && !id.isNull()) {
            return serverRequest(message, id);
        }
        notification(message);
        return null;
    }

    private void response(ObjectNode message, JsonNode id) {
        Pending p = pending.remove(id.asText());
        if (p == null) {
            LOG.fine(() -> "stdio " + target + ": response to an unknown or cancelled request");
            return;
        }
        message.set("id", p.clientId());
        p.outbox().end(Json.write(message));
    }

    private byte[] serverRequest(ObjectNode message, JsonNode id) {
        byte[] json = Json.write(message);
        Optional<Pending> stream =
                pending.values().stream()
                        .filter(Pending::streaming)
                        .max(
                                Comparator.comparing(Pending::mayAsk)
                                        .thenComparingLong(Pending::sequence));
        if (stream.isPresent() && stream.get().outbox().offer(json)) {
            return null;
        }
        for (ClientSession session : sessions.values()) {
            Outbox get = session.stream();
            if (get != null && get.offer(json)) {
                return null;
            }
        }
        return JsonRpcErrors.body(
                id,
                -32603,
                "no client stream is open to receive " + message.path("method").asText());
    }

    private void notification(ObjectNode message) {
        byte[] json = Json.write(message);
        JsonNode token = message.path("params").get("progressToken");
        if (token != null) {
            for (Pending p : pending.values()) {
                if (token.equals(p.progressToken())) {
                    Outbox target = p.streaming() ? p.outbox() : p.session().stream();
                    offer(target, json);
                    return;
                }
            }
        }
        for (ClientSession session : sessions.values()) {
            offer(session.stream(), json);
        }
    }

    private void offer(Outbox outbox, byte[] json) {
        if (outbox != null && !outbox.offer(json)) {
            LOG.warning("stdio " + target + ": a client stream is full; dropped a notification");
        }
    }

    /** The process has gone: every waiting request gets an error, every session ends. */
    void failAll(String reason) {
        failure = reason;
        failPending(reason);
        sessions.values().forEach(ClientSession::end);
        sessions.clear();
    }

    /** Every waiting request gets an error; the sessions stay open. */
    void failPending(String reason) {
        pending.keySet().forEach(upstreamId -> fail(upstreamId, reason));
    }

    private void fail(String upstreamId, String reason) {
        Pending p = pending.remove(upstreamId);
        if (p != null) {
            p.outbox().end(JsonRpcErrors.body(p.clientId(), JsonRpcErrors.SERVER_ERROR, reason));
        }
    }
}
