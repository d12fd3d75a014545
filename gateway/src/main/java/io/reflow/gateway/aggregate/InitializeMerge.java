package io.reflow.gateway.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.Version;
import io.reflow.gateway.json.Json;
import java.util.List;
import java.util.Map;

/**
 * Merges the {@code initialize} results of the targets that joined into the result of {@code /mcp}:
 * the union of capabilities (a flag is true when any target sets it), instructions each under the
 * target's name, and the gateway as server. Pure.
 */
public final class InitializeMerge {

    private InitializeMerge() {}

    /**
     * A joined target's answer.
     *
     * @param target the target name
     * @param result the {@code result} of its initialize response
     */
    public record Joined(String target, JsonNode result) {}

    /**
     * The merged result; {@code requestedVersion} is the client's {@code protocolVersion}, used
     * when no target joined and kept when every target agreed to it.
     */
    public static ObjectNode merge(List<Joined> joined, String requestedVersion) {
        ObjectNode result = Json.object();
        result.put("protocolVersion", version(joined, requestedVersion));
        ObjectNode capabilities = result.putObject("capabilities");
        StringBuilder instructions = new StringBuilder();
        for (Joined target : joined) {
            union(capabilities, target.result().path("capabilities"));
            String text = target.result().path("instructions").asText("");
            if (!text.isBlank()) {
                if (!instructions.isEmpty()) {
                    instructions.append("\n\n");
                }
                instructions.append('[').append(target.target()).append("] ").append(text);
            }
        }
        ObjectNode server = result.putObject("serverInfo");
        server.put("name", "reflow-gateway");
        server.put("version", Version.current());
        if (!instructions.isEmpty()) {
            result.put("instructions", instructions.toString());
        }
        return result;
    }

    /** The oldest version a target answered with (all must speak it), or the requested one. */
    private static String version(List<Joined> joined, String requested) {
        String oldest = null;
        for (Joined target : joined) {
            String version = target.result().path("protocolVersion").asText("");
            // MCP versions are dates, so text order is time order.
            if (!version.isEmpty() && (oldest == null || version.compareTo(oldest) < 0)) {
                oldest = version;
            }
        }
        return oldest == null ? requested : oldest;
    }

    /** Adds every member of {@code from} to {@code into}: objects merged, flags or-ed. */
    static void union(ObjectNode into, JsonNode from) {
        if (!from.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : from.properties()) {
            JsonNode existing = into.get(field.getKey());
            JsonNode value = field.getValue();
            if (existing == null) {
                into.set(field.getKey(), value.deepCopy());
            } else if (existing.isObject() && value.isObject()) {
                union((ObjectNode) existing, value);
            } else if (existing.isBoolean() && value.isBoolean()) {
                into.set(
                        field.getKey(),
                        BooleanNode.valueOf(existing.booleanValue() || value.booleanValue()));
            }
        }
    }
}
