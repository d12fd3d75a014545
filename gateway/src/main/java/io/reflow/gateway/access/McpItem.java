package io.reflow.gateway.access;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The upstream item a JSON-RPC request names, if any: the tool of {@code tools/call}, the prompt of
 * {@code prompts/get}, the resource of {@code resources/read} and {@code resources/subscribe}, or
 * the reference of {@code completion/complete}.
 *
 * @param type the kind of item
 * @param name its name, or URI for resources
 */
public record McpItem(ResourceType type, String name) {

    /** The item {@code message} (one JSON-RPC request) names, or null when it names none. */
    public static McpItem of(JsonNode message) {
        JsonNode params = message.path("params");
        return switch (message.path("method").asText("")) {
            case "tools/call" -> named(ResourceType.TOOL, params.path("name"));
            case "prompts/get" -> named(ResourceType.PROMPT, params.path("name"));
            case "resources/read", "resources/subscribe", "resources/unsubscribe" ->
                    named(ResourceType.RESOURCE, params.path("uri"));
            case "completion/complete" -> reference(params.path("ref"));
            default -> null;
        };
    }

    private static McpItem reference(JsonNode ref) {
        return switch (ref.path("type").asText("")) {
            case "ref/prompt" -> named(ResourceType.PROMPT, ref.path("name"));
            case "ref/resource" -> named(ResourceType.RESOURCE, ref.path("uri"));
            default -> null;
        };
    }

    private static McpItem named(ResourceType type, JsonNode name) {
        // A request without a name still gets decided, as the empty name: the upstream refuses it.
        return new McpItem(type, name.isTextual() ? name.textValue() : "");
    }

    /** The type as audit records write it: {@code tool}, {@code prompt} or {@code resource}. */
    public String typeName() {
        return type.wire();
    }

    /** How a user reads it, e.g. {@code tool 'echo'}. */
    String describe() {
        return (type == ResourceType.RESOURCE ? "resource" : type.wire()) + " '" + name + "'";
    }
}
