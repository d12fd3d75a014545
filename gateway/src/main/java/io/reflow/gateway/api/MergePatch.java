package io.reflow.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.json.Json;
import java.util.Map;

/**
 * JSON merge patch (RFC 7396): what {@code PATCH} with {@code application/merge-patch+json} does.
 */
final class MergePatch {

    private MergePatch() {}

    /**
     * {@code target} with {@code patch} applied, as RFC 7396 section 2 defines it: an object patch
     * sets each member, {@code null} removes it, anything else replaces the whole value. Neither
     * argument is changed.
     */
    static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result =
                target != null && target.isObject()
                        ? ((ObjectNode) target).deepCopy()
                        : Json.object();
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            if (member.getValue().isNull()) {
                result.remove(member.getKey());
            } else {
                result.set(member.getKey(), apply(result.get(member.getKey()), member.getValue()));
            }
        }
        return result;
    }
}
