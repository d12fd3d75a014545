package io.reflow.gateway.access;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.json.Json;
import java.io.IOException;

/**
 * What the access check and the audit trail need of one JSON-RPC request (its method, id and the
 * item it names), read with Jackson's streaming parser: argument values, however large, are
 * skipped, never built into a tree. A key given twice in one object is an error.
 *
 * @param method the method, or empty
 * @param id the id (as a JSON tree), or null
 * @param item the item it names, or null
 */
public record RequestScan(String method, JsonNode id, McpItem item) {

    private static final JsonFactory STRICT =
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /**
     * Scans {@code body}, one JSON-RPC message object.
     *
     * @throws Json.DuplicateKeyException naming a key given twice
     * @throws IOException when the body is not a JSON object
     */
    public static RequestScan of(byte[] body) throws IOException {
        ObjectNode skeleton = Json.object();
        JsonNode id = null;
        try (JsonParser parser = STRICT.createParser(body)) {
            try {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new JsonParseException(parser, "not a JSON object");
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (field.equals("method") && value == JsonToken.VALUE_STRING) {
                        skeleton.put("method", parser.getText());
                    } else if (field.equals("id")) {
                        id = Json.read(parser);
                    } else if (field.equals("params") && value == JsonToken.START_OBJECT) {
                        params(parser, skeleton.putObject("params"));
                    } else {
                        parser.skipChildren();
                    }
                }
            } catch (JsonParseException e) {
                if (e.getOriginalMessage().startsWith("Duplicate field")) {
                    throw new Json.DuplicateKeyException(parser, parser.currentName());
                }
                throw e;
            }
        }
        return new RequestScan(skeleton.path("method").asText(""), id, McpItem.of(skeleton));
    }

    /** Copies {@code name}, {@code uri} and {@code ref.type/name/uri}; skips everything else. */
    private static void params(JsonParser parser, ObjectNode out) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ((field.equals("name") || field.equals("uri")) && value == JsonToken.VALUE_STRING) {
                out.put(field, parser.getText());
            } else if (field.equals("ref") && value == JsonToken.START_OBJECT) {
                ObjectNode ref = out.putObject("ref");
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    JsonToken v = parser.nextToken();
                    if ((key.equals("type") || key.equals("name") || key.equals("uri"))
                            && v == JsonToken.VALUE_STRING) {
                        ref.put(key, parser.getText());
                    } else {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
        }
    }
}
