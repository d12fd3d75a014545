package io.reflow.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import io.opentelemetry.api.common.Attributes;
import io.reflow.gateway.audit.AuditRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class McpAttributesTest {

    private static AuditRecord record(
            String httpMethod,
            String method,
            String itemType,
            String item,
            String decision,
            int status,
            Integer errorCode) {
        return new AuditRecord(
                0,
                Instant.EPOCH,
                "r1",
                "mcp",
                "alice",
                "user",
                List.of(),
                "github",
                httpMethod,
                method,
                itemType,
                item,
                decision,
                decision == null ? null : "policy",
                decision == null ? null : "p1",
                status,
                errorCode,
                1.0,
                null,
                "0123456789abcdef",
                null,
                "/mcp/{target}",
                null);
    }

    @Test
    void namesAToolCallAfterItsToolAndSaysWhatThePolicyDecided() {
        AuditRecord call = record("POST", "tools/call", "tool", "echo", "allow", 200, null);
        assertThat(McpAttributes.spanName(call, "/mcp/{target}")).isEqualTo("tools/call echo");
        Attributes attributes = McpAttributes.of(call, IntNode.valueOf(3), "2025-06-18");
        assertThat(attributes.get(McpAttributes.METHOD)).isEqualTo("tools/call");
        assertThat(attributes.get(McpAttributes.TOOL)).isEqualTo("echo");
        assertThat(attributes.get(McpAttributes.OPERATION)).isEqualTo("execute_tool");
        assertThat(attributes.get(McpAttributes.REQUEST_ID)).isEqualTo("3");
        assertThat(attributes.get(McpAttributes.SESSION)).isEqualTo("0123456789abcdef");
        assertThat(attributes.get(McpAttributes.PROTOCOL)).isEqualTo("2025-06-18");
        assertThat(attributes.get(McpAttributes.DECISION)).isEqualTo("allow");
        assertThat(attributes.get(McpAttributes.POLICY)).isEqualTo("p1");
        assertThat(attributes.get(McpAttributes.ERROR_TYPE)).isNull();
    }

    @Test
    void aDeniedReadCarriesTheResourceAndTheJsonRpcErrorCode() {
        AuditRecord read =
                record("POST", "resources/read", "resource", "file:///x", "deny", 403, -32003);
        assertThat(McpAttributes.spanName(read, "/mcp/{target}")).isEqualTo("resources/read");
        Attributes attributes = McpAttributes.of(read, null, null);
        assertThat(attributes.get(McpAttributes.RESOURCE)).isEqualTo("file:///x");
        assertThat(attributes.get(McpAttributes.ERROR_CODE)).isEqualTo(-32003L);
        assertThat(attributes.get(McpAttributes.ERROR_TYPE)).isEqualTo("-32003");
        assertThat(attributes.get(McpAttributes.REQUEST_ID)).isNull();
    }

    @Test
    void aStreamIsNamedByRouteAndAServerFailureByItsStatus() {
        AuditRecord stream = record("GET", null, null, null, null, 502, null);
        assertThat(McpAttributes.spanName(stream, "/mcp/{target}")).isEqualTo("GET /mcp/{target}");
        assertThat(McpAttributes.of(stream, null, null).get(McpAttributes.ERROR_TYPE))
                .isEqualTo("502");
        assertThat(McpAttributes.of(stream, null, null).get(McpAttributes.METHOD)).isNull();
    }

    @Test
    void aMethodNameThatIsNoNameDoesNotNameTheSpan() {
        AuditRecord odd = record("POST", "x'; drop table", null, null, null, 200, null);
        assertThat(McpAttributes.spanName(odd, "/mcp/{target}")).isEqualTo("other");
    }
}
