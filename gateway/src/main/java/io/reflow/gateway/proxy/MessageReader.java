package io.reflow.gateway.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.proxy.http.Digits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads and validates the body of an MCP POST: content type, size limit, JSON syntax, JSON-RPC
 * shape, and batches only where the protocol version allows them. Answers the error itself.
 */
final class MessageReader {

    // Only 2025-03-26 has JSON-RPC batches: 2024-11-05 predates them, 2025-06-18 removed them.
    // Without a version header a server assumes 2025-03-26, so batches pass there too.
    private static final String BATCH_VERSION = "2025-03-26";

    private MessageReader() {}

    /** The message, or null after an error response was sent. */
    static McpProxy.Message read(
            ServerRequest req, ServerResponse res, int maxBytes, String protocolVersion) {
        Optional<String> type = req.headers().first(HeaderNames.CONTENT_TYPE);
        if (type.isEmpty()
                || !type.get().toLowerCase(Locale.ROOT).trim().startsWith("application/json")) {
            JsonRpcErrors.send(
                    res,
                    415,
                    null,
                    JsonRpcErrors.INVALID_REQUEST,
                    "Content-Type must be application/json, not '" + type.orElse("") + "'");
            return null;
        }
        byte[] body = readLimited(req, maxBytes);
        if (body == null) {
            JsonRpcErrors.send(
                    res,
                    413,
                    null,
                    JsonRpcErrors.INVALID_REQUEST,
                    "request body exceeds " + maxBytes + " bytes (server.max_body_bytes)");
            return null;
        }
        JsonNode root;
        try {
            root = Json.read(body);
        } catch (JsonProcessingException e) {
            JsonRpcErrors.send(
                    res,
                    400,
                    null,
                    JsonRpcErrors.PARSE_ERROR,
                    "parse error: " + e.getOriginalMessage());
            return null;
        }
        String problem = problem(root, protocolVersion);
        if (problem != null) {
            JsonNode id = root != null && root.isObject() ? root.get("id") : null;
            JsonRpcErrors.send(res, 400, id, JsonRpcErrors.INVALID_REQUEST, problem);
            return null;
        }
        return describe(root, body);
    }

    private static McpProxy.Message describe(JsonNode root, byte[] body) {
        if (root.isArray()) {
            boolean initialize = false;
            for (JsonNode item : root) {
                initialize |= "initialize".equals(item.path("method").asText());
            }
            return new McpProxy.Message(body, null, "batch", initialize);
        }
        String method = root.has("method") ? root.get("method").asText() : "response";
        return new McpProxy.Message(body, root.get("id"), method, method.equals("initialize"));
    }

    private static byte[] readLimited(ServerRequest req, int maxBytes) {
        // A chunked body ignores Content-Length (RFC 9112, 6.3), so only a plain body is trusted.
        long declared =
                req.headers().contains(HeaderNames.TRANSFER_ENCODING)
                        ? -1
                        : declaredLength(req.headers().first(HeaderNames.CONTENT_LENGTH));
        if (declared > maxBytes) {
            return null;
        }
        try (InputStream in = req.content().inputStream()) {
            if (declared >= 0) {
                // The usual case: one array of the announced size, no buffer and no copy.
                return in.readNBytes((int) declared);
            }
            int limit = maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1;
            byte[] body = in.readNBytes(limit);
            return body.length > maxBytes ? null : body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code Content-Length} value, or -1 when absent or not a plain decimal number. */
    static long declaredLength(Optional<String> header) {
        return header.map(Digits::decimal).orElse(-1L);
    }

    private static String problem(JsonNode root, String protocolVersion) {
        if (root == null || root.isMissingNode()) {
            return "empty body; expected a JSON-RPC message";
        }
        if (root.isArray()) {
            if (protocolVersion != null && !protocolVersion.equals(BATCH_VERSION)) {
                return "JSON-RPC batches are not allowed in protocol version "
                        + protocolVersion
                        + " (only "
                        + BATCH_VERSION
                        + " allows them)";
            }
            if (root.isEmpty()) {
                return "empty JSON-RPC batch";
            }
            for (JsonNode item : root) {
                String itemProblem = messageProblem(item);
                if (itemProblem != null) {
                    return "batch entry: " + itemProblem;
                }
            }
            return null;
        }
        return messageProblem(root);
    }

    private static String messageProblem(JsonNode node) {
        if (!node.isObject()) {
            return "a JSON-RPC message must be a JSON object";
        }
        if (!"2.0".equals(node.path("jsonrpc").asText(null))) {
            return "field 'jsonrpc' must be \"2.0\"";
        }
        if (node.has("method")) {
            return node.get("method").isTextual() ? null : "field 'method' must be a string";
        }
        if ((node.has("result") || node.has("error")) && node.has("id")) {
            return null;
        }
        return "not a JSON-RPC request, notification or response (no 'method', or no 'id' with"
                + " 'result'/'error')";
    }
}
