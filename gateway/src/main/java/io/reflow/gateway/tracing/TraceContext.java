package io.reflow.gateway.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.reflow.gateway.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The W3C trace context a request sent on carries: the {@code traceparent} (and {@code tracestate})
 * headers of the current span, and the same {@code traceparent} in the JSON-RPC {@code
 * params._meta} where MCP servers look for it. Empty when no span is current, as with tracing off.
 */
public final class TraceContext {

    private static final byte[] TRACEPARENT = "traceparent".getBytes(StandardCharsets.US_ASCII);

    private TraceContext() {}

    /** The headers of the current context: none when no valid span is current. */
    public static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        W3CTraceContextPropagator.getInstance()
                .inject(Context.current(), headers, (carrier, k, v) -> carrier.put(k, v));
        return headers;
    }

    /**
     * {@code body} with {@code params._meta.traceparent} set in every request and notification it
     * holds (one message or a batch); the other {@code _meta} keys a client sent are kept.
     * Responses, bodies that are not JSON-RPC, and bodies with no span current are left as they
     * are.
     */
    public static byte[] withMeta(byte[] body, String traceparent) {
        if (traceparent == null) {
            return body;
        }
        JsonNode message;
        try {
            message = Json.read(body);
        } catch (IOException e) {
            return body;
        }
        boolean changed = false;
        if (message.isArray()) {
            for (JsonNode item : message) {
                changed |= setMeta(item, traceparent);
            }
        } else {
            changed = setMeta(message, traceparent);
        }
        return changed ? Json.write(message) : body;
    }

    /** Whether {@code body} holds the word {@code traceparent} at all: a cheap first test. */
    static boolean mentionsTraceparent(byte[] body) {
        outer:
        for (int i = 0; i + TRACEPARENT.length <= body.length; i++) {
            for (int j = 0; j < TRACEPARENT.length; j++) {
                if (body[i + j] != TRACEPARENT[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean setMeta(JsonNode message, String traceparent) {
        if (!(message instanceof ObjectNode object) || !message.path("method").isTextual()) {
            return false;
        }
        JsonNode params = object.get("params");
        if (params == null || params.isNull()) {
            params = object.putObject("params");
        }
        if (!(params instanceof ObjectNode paramsObject)) {
            return false; // By-position params have no place for _meta.
        }
        JsonNode meta = paramsObject.get("_meta");
        if (meta == null || meta.isNull()) {
            meta = paramsObject.putObject("_meta");
        }
        if (!(meta instanceof ObjectNode metaObject)) {
            return false;
        }
        metaObject.put("traceparent", traceparent);
        return true;
    }
}
