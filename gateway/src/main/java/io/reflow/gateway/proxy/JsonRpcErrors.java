package io.reflow.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.audit.AuditNote;
import io.reflow.gateway.json.Json;

/** JSON-RPC error responses the gateway itself sends on {@code /mcp}. */
public final class JsonRpcErrors {

    /** Invalid JSON. */
    public static final int PARSE_ERROR = -32700;

    /** Not a valid JSON-RPC message. */
    public static final int INVALID_REQUEST = -32600;

    /** No such method. */
    public static final int METHOD_NOT_FOUND = -32601;

    /** Invalid method parameters: an unknown tool, a bad cursor. */
    public static final int INVALID_PARAMS = -32602;

    /** The gateway or the upstream cannot serve the request. */
    public static final int SERVER_ERROR = -32000;

    /** Authentication or authorization failed. */
    public static final int UNAUTHORIZED = -32001;

    /** Unknown target or session. */
    public static final int NOT_FOUND = -32002;

    private JsonRpcErrors() {}

    /** A JSON-RPC error response with {@code id} (null for none). */
    public static byte[] body(JsonNode id, int code, String message) {
        ObjectNode root = Json.object();
        root.put("jsonrpc", "2.0");
        root.set("id", id == null ? NullNode.getInstance() : id);
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return Json.write(root);
    }

    /** Answers with {@code status} and a JSON-RPC error body. */
    public static void send(ServerResponse res, int status, JsonNode id, int code, String message) {
        AuditNote.current().gatewayError(code);
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body(id, code, message));
    }
}
