package io.reflow.gateway.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Passes the answer of a routed call to the client as it arrives: an SSE stream event by event
 * (requests of the target to the client get ids that name the target), a JSON body as JSON.
 */
final class Relay {

    private static final Logger LOG = Logger.getLogger(Relay.class.getName());

    private Relay() {}

    /** Relays {@code stream}, the answer of {@code target}, to {@code res}. */
    static void relay(InnerStream stream, ServerResponse res, String target) {
        try (stream) {
            if (!stream.sse()) {
                String message = stream.nextData();
                res.status(stream.status());
                if (message == null) {
                    res.send();
                    return;
                }
                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                res.send(outward(target, message).getBytes(StandardCharsets.UTF_8));
                return;
            }
            SseWriter out = new SseWriter(res);
            try (out) {
                String message;
                while ((message = stream.nextData()) != null) {
                    boolean there =
                            message == InnerStream.KEEP_ALIVE_DATA
                                    ? out.keepAlive()
                                    : out.write(outward(target, message));
                    if (!there) {
                        LOG.fine(() -> "client left; ending the call of " + target);
                        stream.abort();
                        return;
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // Also how a cancelled call ends: its answer was cut from another thread.
            LOG.log(Level.FINE, "answer of " + target + " broke", e);
        }
    }

    /**
     * The JSON text {@code data} as the client sees it. Only a request of the target needs a new
     * id, and only a message naming a method can be one, so every other message (results, progress)
     * passes on as it came, unparsed.
     */
    static String outward(String target, String data) {
        if (!data.contains("\"method\"")) {
            return data;
        }
        try {
            JsonNode message = Json.read(data.getBytes(StandardCharsets.UTF_8));
            return new String(Json.write(outward(target, message)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return data;
        }
    }

    /**
     * {@code message} as the client sees it: a request of the target gets a routable id, and the
     * target's cancellation of such a request names that id.
     */
    static JsonNode outward(String target, JsonNode message) {
        if (message.isObject() && message.has("method") && message.hasNonNull("id")) {
            ObjectNode copy = ((ObjectNode) message).deepCopy();
            copy.set("id", ServerRequestIds.outward(target, message.get("id")));
            return copy;
        }
        JsonNode cancelled = message.path("params").path("requestId");
        if (message.path("method").asText("").equals("notifications/cancelled")
                && !cancelled.isMissingNode()
                && !cancelled.isNull()) {
            ObjectNode copy = ((ObjectNode) message).deepCopy();
            ((ObjectNode) copy.get("params"))
                    .set("requestId", ServerRequestIds.outward(target, cancelled));
            return copy;
        }
        return message;
    }
}
