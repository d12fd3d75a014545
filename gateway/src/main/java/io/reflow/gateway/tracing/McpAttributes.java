package io.reflow.gateway.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.reflow.gateway.audit.AuditRecord;
import java.util.regex.Pattern;

/**
 * The name and attributes of an MCP request's span, after the OpenTelemetry MCP semantic
 * conventions, built from what its audit record holds: so the span says what the audit trail says,
 * hashed session id included, and never an argument value or a token.
 */
public final class McpAttributes {

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("mcp.method.name");
    static final AttributeKey<String> SESSION = AttributeKey.stringKey("mcp.session.id");
    static final AttributeKey<String> PROTOCOL = AttributeKey.stringKey("mcp.protocol.version");
    static final AttributeKey<String> RESOURCE = AttributeKey.stringKey("mcp.resource.uri");
    static final AttributeKey<String> TOOL = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> PROMPT = AttributeKey.stringKey("gen_ai.prompt.name");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("jsonrpc.request.id");
    static final AttributeKey<Long> ERROR_CODE = AttributeKey.longKey("rpc.jsonrpc.error_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> RESPONSE_STATUS =
            AttributeKey.stringKey("rpc.response.status_code");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> TARGET = AttributeKey.stringKey("reflow.target");
    static final AttributeKey<String> DECISION = AttributeKey.stringKey("reflow.policy.decision");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("reflow.policy.reason");
    static final AttributeKey<String> POLICY = AttributeKey.stringKey("reflow.policy.id");
    static final AttributeKey<String> INSTANCE = AttributeKey.stringKey("reflow.instance");

    /** What a method name must look like to name a span: client input, kept to few values. */
    private static final Pattern METHOD_NAME = Pattern.compile("[A-Za-z_/]{1,64}");

    private McpAttributes() {}

    /**
     * {@code {mcp.method.name} {tool or prompt}}, or the method alone, or the HTTP method and
     * {@code route} for a GET stream or DELETE.
     */
    public static String spanName(AuditRecord record, String route) {
        String method = mcpMethod(record);
        if (method == null) {
            return record.httpMethod() + " " + route;
        }
        if (("tool".equals(record.itemType()) || "prompt".equals(record.itemType()))
                && record.item() != null) {
            return method + " " + record.item();
        }
        return method;
    }

    /** The attributes of the request {@code record} describes. */
    public static Attributes of(AuditRecord record, JsonNode requestId, String protocolVersion) {
        AttributesBuilder out = Attributes.builder();
        String method = mcpMethod(record);
        putIfSet(out, METHOD, method);
        putIfSet(out, SESSION, record.session());
        putIfSet(out, PROTOCOL, protocolVersion);
        if (requestId != null && !requestId.isNull()) {
            out.put(REQUEST_ID, requestId.asText());
        }
        if (record.item() != null) {
            switch (record.itemType() == null ? "" : record.itemType()) {
                case "tool" -> out.put(TOOL, record.item());
                case "prompt" -> out.put(PROMPT, record.item());
                case "resource" -> out.put(RESOURCE, record.item());
                default -> {}
            }
        }
        if ("tools/call".equals(method)) {
            out.put(OPERATION, "execute_tool");
        }
        out.put(STATUS, (long) record.status());
        putIfSet(out, ERROR_TYPE, errorType(record));
        if (record.errorCode() != null) {
            out.put(ERROR_CODE, (long) record.errorCode());
            out.put(RESPONSE_STATUS, Integer.toString(record.errorCode()));
        }
        putIfSet(out, TARGET, record.target());
        putIfSet(out, DECISION, record.decision());
        putIfSet(out, REASON, record.decisionReason());
        putIfSet(out, POLICY, record.policyId());
        putIfSet(out, INSTANCE, record.instance());
        return out.build();
    }

    /** The JSON-RPC error code the gateway answered, else a 5xx status, else null (no error). */
    public static String errorType(AuditRecord record) {
        if (record.errorCode() != null) {
            return Integer.toString(record.errorCode());
        }
        return record.status() >= 500 ? Integer.toString(record.status()) : null;
    }

    private static String mcpMethod(AuditRecord record) {
        String method = record.method();
        if (method == null || method.equals("batch") || method.equals("response")) {
            return null;
        }
        return boundedMethod(method);
    }

    /** {@code method} when it looks like a method name, else {@code other}. */
    static String boundedMethod(String method) {
        return METHOD_NAME.matcher(method).matches() ? method : "other";
    }

    private static void putIfSet(AttributesBuilder out, AttributeKey<String> key, String value) {
        if (value != null) {
            out.put(key, value);
        }
    }
}
