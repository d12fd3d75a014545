package io.reflow.gateway.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.proxy.http.Digits;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads and validates the body of an MCP POST: content type, size limit, JSON syntax, JSON-RPC
 * shape, and batches only where the protocol version allows them. Answers the error itself. The
 * body is checked with Jackson's streaming parser, never built into a tree, and within the limits
 * on nesting depth and token count, so a hostile body costs no more memory than its bytes.
 */
public final class MessageReader {

    // Only 2025-03-26 has JSON-RPC batches: 2024-11-05 predates them, 2025-06-18 removed them.
    // Without a version header a server assumes 2025-03-26, so batches pass there too.
    private static final String BATCH_VERSION = "2025-03-26";

    private final int maxBytes;
    private final int maxDepth;
    private final int maxTokens;
    private final JsonFactory factory;

    /** A reader of bodies up to {@code maxBytes}, {@code maxDepth} deep, of {@code maxTokens}. */
    public MessageReader(int maxBytes, int maxDepth, int maxTokens) {
        this.maxBytes = maxBytes;
        this.maxDepth = maxDepth;
        this.maxTokens = maxTokens;
        this.factory =
                JsonFactory.builder()
                        .streamReadConstraints(
                                StreamReadConstraints.builder()
                                        .maxNestingDepth(maxDepth)
                                        .maxTokenCount(maxTokens)
                                        .maxStringLength(maxBytes)
                                        .build())
                        .build();
    }

    /** The most bytes a body may have. */
    int maxBytes() {
        return maxBytes;
    }

    /** Bytes to reserve before reading the body of {@code req}: its length, or the limit. */
    long reservation(ServerRequest req) {
        long declared = declared(req);
        return declared >= 0 && declared <= maxBytes ? declared : maxBytes;
    }

    /** The message, or null after an error response was sent. */
    public McpProxy.Message read(ServerRequest req, ServerResponse res, String protocolVersion) {
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
        byte[] body = readLimited(req);
        if (body == null) {
            JsonRpcErrors.send(
                    res,
                    413,
                    null,
                    JsonRpcErrors.INVALID_REQUEST,
                    "request body exceeds " + maxBytes + " bytes (server.max_body_bytes)");
            return null;
        }
        Shape shape;
        try (JsonParser parser = factory.createParser(body)) {
            shape = shape(parser, protocolVersion);
        } catch (StreamConstraintsException e) {
            JsonRpcErrors.send(res, 400, null, JsonRpcErrors.PARSE_ERROR, limitBroken(e));
            return null;
        } catch (JsonProcessingException e) {
            // The position only: Jackson's text quotes the body, which may hold a secret.
            JsonRpcErrors.send(res, 400, null, JsonRpcErrors.PARSE_ERROR, parseError(e));
            return null;
        } catch (CharConversionException e) {
            // Bytes taken for UTF-32 (by their zero bytes) that are not: malformed like any other.
            JsonRpcErrors.send(
                    res, 400, null, JsonRpcErrors.PARSE_ERROR, "parse error: not UTF-8 JSON");
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (shape.problem() != null) {
            JsonRpcErrors.send(
                    res, 400, shape.id(), JsonRpcErrors.INVALID_REQUEST, shape.problem());
            return null;
        }
        return new McpProxy.Message(body, shape.id(), shape.method(), shape.initialize());
    }

    private static String parseError(JsonProcessingException e) {
        var location = e.getLocation();
        return location == null
                ? "parse error: malformed JSON"
                : "parse error: malformed JSON at line "
                        + location.getLineNr()
                        + ", column "
                        + location.getColumnNr();
    }

    private String limitBroken(StreamConstraintsException e) {
        String text = String.valueOf(e.getOriginalMessage());
        if (text.contains("NestingDepth")) {
            return "JSON nesting is deeper than " + maxDepth + " levels (server.max_json_depth)";
        }
        if (text.contains("TokenCount")) {
            return "JSON body has more than " + maxTokens + " tokens (server.max_json_tokens)";
        }
        return "JSON body breaks a parser limit: " + text;
    }

    /**
     * What the body is, as far as the proxy needs to know.
     *
     * @param problem why it is not a valid message, or null
     * @param id the request id (null for notifications, batches and non-objects)
     * @param method the method, {@code batch}, or {@code response}
     * @param initialize whether it is or holds an initialize request
     */
    private record Shape(String problem, JsonNode id, String method, boolean initialize) {

        static Shape invalid(String problem, JsonNode id) {
            return new Shape(problem, id, null, false);
        }
    }

    private static Shape shape(JsonParser parser, String protocolVersion) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return Shape.invalid("empty body; expected a JSON-RPC message", null);
        }
        if (token != JsonToken.START_ARRAY) {
            return message(parser, token);
        }
        if (protocolVersion != null && !protocolVersion.equals(BATCH_VERSION)) {
            return Shape.invalid(
                    "JSON-RPC batches are not allowed in protocol version "
                            + protocolVersion
                            + " (only "
                            + BATCH_VERSION
                            + " allows them)",
                    null);
        }
        boolean initialize = false;
        int count = 0;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new JsonParseException(parser, "unexpected end of input in an array");
            }
            Shape item = message(parser, token);
            if (item.problem() != null) {
                return Shape.invalid("batch entry: " + item.problem(), null);
            }
            initialize |= item.initialize();
            count++;
        }
        return count == 0
                ? Shape.invalid("empty JSON-RPC batch", null)
                : new Shape(null, null, "batch", initialize);
    }

    /** One message starting at {@code token}; reads past its end, skipping params and results. */
    private static Shape message(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return Shape.invalid("a JSON-RPC message must be a JSON object", null);
        }
        String jsonrpc = null;
        String method = null;
        boolean hasMethod = false;
        boolean methodIsText = false;
        boolean hasReply = false;
        JsonNode id = null;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "jsonrpc" -> jsonrpc = value.isScalarValue() ? parser.getText() : null;
                case "method" -> {
                    hasMethod = true;
                    methodIsText = value == JsonToken.VALUE_STRING;
                    method = methodIsText ? parser.getText() : null;
                }
                case "id" -> id = Json.read(parser);
                case "result", "error" -> hasReply = true;
                default -> {}
            }
            parser.skipChildren();
        }
        if (token != JsonToken.END_OBJECT) {
            throw new JsonParseException(parser, "unexpected end of input in an object");
        }
        if (!"2.0".equals(jsonrpc)) {
            return Shape.invalid("field 'jsonrpc' must be \"2.0\"", id);
        }
        if (hasMethod) {
            return methodIsText
                    ? new Shape(null, id, method, method.equals("initialize"))
                    : Shape.invalid("field 'method' must be a string", id);
        }
        if (hasReply && id != null) {
            return new Shape(null, id, "response", false);
        }
        return Shape.invalid(
                "not a JSON-RPC request, notification or response (no 'method', or no 'id' with"
                        + " 'result'/'error')",
                id);
    }

    private static long declared(ServerRequest req) {
        // A chunked body ignores Content-Length (RFC 9112, 6.3), so only a plain body is trusted.
        return req.headers().contains(HeaderNames.TRANSFER_ENCODING)
                ? -1
                : declaredLength(req.headers().first(HeaderNames.CONTENT_LENGTH));
    }

    private byte[] readLimited(ServerRequest req) {
        long declared = declared(req);
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
}
