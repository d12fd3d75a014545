package io.reflow.gateway.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.access.McpItem;
import io.reflow.gateway.json.Json;
import java.io.IOException;

/**
 * Finds the item a request names (tool, prompt, resource) with Jackson's streaming parser, without
 * building the body as a tree: argument values, however large, are skipped, never held.
 */
final class ItemScan {

    private static final JsonFactory FACTORY = new JsonFactory();

    private ItemScan() {}

    /** The item of the single JSON-RPC request {@code body}, or null when it names none. */
    static McpItem of(byte[] body) {
        ObjectNode skeleton = Json.object();
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("method") && value == JsonToken.VALUE_STRING) {
                    skeleton.put("method", parser.getText());
                } else if (field.equals("params") && value == JsonToken.START_OBJECT) {
                    params(parser, skeleton.putObject("params"));
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return McpItem.of(skeleton);
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
