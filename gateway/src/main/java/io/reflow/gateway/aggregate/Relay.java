package io.reflow.gateway.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.json.Json;
import java.io.IOException;
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
                JsonNode message = stream.next();
                if (message == null) {
                    res.status(stream.status());
                    res.send();
                    return;
                }
                res.status(stream.status());
                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                res.send(Json.write(outward(target, message)));
                return;
            }
            SseWriter out = new SseWriter(res);
            try (out) {
                JsonNode message;
                while ((message = stream.next()) != null) {
                    boolean there =
                            message == InnerStream.KEEP_ALIVE
                                    ? out.keepAlive()
                                    : out.write(outward(target, message));
                    if (!there) {
                        LOG.fine(() -> "client left; ending the call of " + target);
                        stream.abort();
                        return;
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "answer of " + target + " broke", e);
        }
    }

    /** {@code message} as the client sees it: a request of the target gets a routable id. */
    static JsonNode outward(String target, JsonNode message) {
        if (message.isObject() && message.has("method") && message.hasNonNull("id")) {
            ObjectNode copy = ((ObjectNode) message).deepCopy();
            copy.set("id", ServerRequestIds.outward(target, message.get("id")));
            return copy;
        }
        return message;
    }
}
