package io.reflow.gateway.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.reflow.gateway.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Ids of requests that targets send to the client (sampling, elicitation, roots): two targets may
 * use the same id, so the client sees {@code "<target>:<original id as JSON>"}, and its answer is
 * routed back to that target with the original id. Pure; any replica can route an answer.
 */
final class ServerRequestIds {

    private ServerRequestIds() {}

    /**
     * Where an answer goes.
     *
     * @param target the target that asked
     * @param id the id it used
     */
    record Origin(String target, JsonNode id) {}

    /** The id the client sees for {@code target}'s request {@code id}. */
    static JsonNode outward(String target, JsonNode id) {
        return TextNode.valueOf(target + ":" + id.toString());
    }

    /** The target and original id of an id made by {@link #outward}, if it is one. */
    static Optional<Origin> inward(JsonNode id) {
        if (id == null || !id.isTextual()) {
            return Optional.empty();
        }
        String text = id.asText();
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        try {
            JsonNode original =
                    Json.read(text.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
            if (!original.isTextual() && !original.isIntegralNumber()) {
                return Optional.empty();
            }
            return Optional.of(new Origin(text.substring(0, colon), original));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
