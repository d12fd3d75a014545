package io.reflow.gateway.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.reflow.gateway.json.Json;
import java.io.IOException;
import java.util.Base64;

/**
 * A list cursor of {@code /mcp} that spans targets: which member of the session the next page comes
 * from and that member's own cursor (null for its first page), as base64url JSON. Opaque to
 * clients, as MCP requires; a cursor that does not decode is refused naming {@code cursor}.
 *
 * @param member index of the member in the session
 * @param upstream the member's own cursor, or null
 */
public record ListCursor(int member, String upstream) {

    /** The first page of the first member. */
    public static final ListCursor START = new ListCursor(0, null);

    /** The cursor as sent to clients. */
    public String encode() {
        ArrayNode array = Json.array().add(member);
        if (upstream == null) {
            array.addNull();
        } else {
            array.add(upstream);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(array));
    }

    /**
     * Decodes a client's cursor for a session of {@code members} targets.
     *
     * @throws IllegalArgumentException when it is not a cursor this endpoint made
     */
    public static ListCursor decode(String text, int members) {
        try {
            JsonNode node = Json.read(Base64.getUrlDecoder().decode(text));
            JsonNode index = node.path(0);
            JsonNode upstream = node.path(1);
            if (!node.isArray()
                    || node.size() != 2
                    || !index.canConvertToInt()
                    || !index.isIntegralNumber()
                    || index.asInt() < 0
                    || index.asInt() >= members
                    || !(upstream.isNull() || upstream.isTextual())) {
                throw new IllegalArgumentException("invalid cursor");
            }
            return new ListCursor(index.asInt(), upstream.isNull() ? null : upstream.asText());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "invalid cursor: pass the nextCursor of a previous page unchanged", e);
        }
    }
}
