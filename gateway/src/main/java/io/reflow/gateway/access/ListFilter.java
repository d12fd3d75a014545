package io.reflow.gateway.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.proxy.JsonRpcErrors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Removes the items a caller may not use from the answers to its list requests ({@code tools/list}
 * and the like), found by request id. Everything else, including the pagination cursor, stays as
 * the upstream wrote it. {@link #NONE} changes nothing, and is what every exchange gets unless a
 * policy could deny something to its caller on its target.
 */
public final class ListFilter {

    /** The filter that changes nothing. */
    public static final ListFilter NONE = new ListFilter(Map.of(), null, 0);

    private final Map<String, ListKind> byId;
    private final PolicyIndex.View view;
    private final int maxBytes;

    ListFilter(Map<String, ListKind> byId, PolicyIndex.View view, int maxBytes) {
        this.byId = Map.copyOf(byId);
        this.view = view;
        this.maxBytes = maxBytes;
    }

    /** Whether this filter changes anything; when not, answers stream byte for byte. */
    public boolean active() {
        return !byId.isEmpty();
    }

    /**
     * {@code json} (one JSON-RPC message or a batch of them) with denied items removed from the
     * answers this filter is for; the same array when there is nothing to change.
     */
    public byte[] filterMessage(byte[] json) {
        if (!active() || json == null) {
            return json;
        }
        JsonNode root;
        try {
            root = Json.read(json);
        } catch (IOException e) {
            return json;
        }
        boolean changed = false;
        if (root.isArray()) {
            for (JsonNode message : root) {
                changed |= filter(message);
            }
        } else {
            changed = filter(root);
        }
        return changed ? Json.write(root) : json;
    }

    /**
     * The upstream body {@code in} as the client must see it: a JSON answer read whole (up to the
     * body limit) and filtered, or an SSE stream whose events are filtered one at a time.
     */
    public InputStream wrap(InputStream in, boolean sse) {
        if (!active()) {
            return in;
        }
        return sse ? new SseFilterStream(in, this::filterMessage, maxBytes) : whole(in);
    }

    private InputStream whole(InputStream in) {
        return new InputStream() {
            private InputStream filtered;

            @Override
            public int read() throws IOException {
                return open().read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return open().read(b, off, len);
            }

            private InputStream open() throws IOException {
                if (filtered == null) {
                    byte[] body = in.readNBytes(maxBytes + 1);
                    filtered =
                            new ByteArrayInputStream(
                                    body.length > maxBytes ? tooLarge() : filterMessage(body));
                }
                return filtered;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    /** The answer to a list too large to filter: an error, never the unfiltered list. */
    private byte[] tooLarge() {
        JsonNode id = byId.size() == 1 ? idNode(byId.keySet().iterator().next()) : null;
        return JsonRpcErrors.body(
                id,
                JsonRpcErrors.SERVER_ERROR,
                "the upstream's list answer exceeds server.max_body_bytes ("
                        + maxBytes
                        + " bytes), so the gateway cannot apply the access policies to it");
    }

    private static JsonNode idNode(String key) {
        try {
            return Json.read(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }

    /** The largest integer every JSON parser (JavaScript's included) reads exactly: 2^53 - 1. */
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    /**
     * The key of a request id as this filter matches answers by it: strings as JSON text, integers
     * as digits (so {@code 7} and {@code 7.0} and {@code 0.7e1} are one id, as an upstream may
     * rewrite them). Null for an id an upstream might echo as another value (a fraction, or an
     * integer beyond 2^53): the filter could not find its answer, so such list requests are
     * refused.
     */
    static String key(JsonNode id) {
        if (id.isTextual()) {
            return id.toString();
        }
        if (!id.isNumber()) {
            return null;
        }
        java.math.BigDecimal value = id.decimalValue().stripTrailingZeros();
        if (value.scale() > 0
                || value.abs().compareTo(java.math.BigDecimal.valueOf(MAX_SAFE_INTEGER)) > 0) {
            return null;
        }
        return value.toPlainString();
    }

    /** Filters one message if it answers a list request of this filter; true when it changed. */
    private boolean filter(JsonNode message) {
        if (!(message instanceof ObjectNode object) || !object.has("id")) {
            return false;
        }
        String key = key(object.get("id"));
        ListKind kind = key == null ? null : byId.get(key);
        JsonNode items = object.path("result").get(kind == null ? "" : kind.arrayField());
        if (kind == null || !(items instanceof ArrayNode array)) {
            return false;
        }
        boolean changed = false;
        for (int i = array.size() - 1; i >= 0; i--) {
            JsonNode name = array.get(i).path(kind.nameField());
            if (!view.decide(kind.type(), name.asText("")).allowed()) {
                array.remove(i);
                changed = true;
            }
        }
        return changed;
    }
}
