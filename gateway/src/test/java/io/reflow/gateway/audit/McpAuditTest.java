package io.reflow.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.gateway.access.RequestScan;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetJson;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parts of an MCP audit record derived from the request: instance, session hash, trace id. */
class McpAuditTest {

    private static Target target(String json) throws Exception {
        return TargetJson.parse(Json.read(json.getBytes()), false);
    }

    @Test
    void namesTheInstanceOfAKubernetesTargetPerIsolationBoundary() throws Exception {
        Target perUser =
                target(
                        "{\"name\":\"pods\",\"transport_type\":\"kubernetes\",\"image\":\"x/y:1\","
                                + "\"isolation_boundary\":\"per_user\"}");
        Identity alice = new Identity("alice", "dev", List.of(), false);
        Identity bob = new Identity("bob", "dev", List.of(), false);
        String instance = McpAudit.instance(perUser, alice);
        assertThat(instance).matches("pods-[0-9a-f]{10}");
        assertThat(McpAudit.instance(perUser, alice)).isEqualTo(instance);
        assertThat(McpAudit.instance(perUser, bob)).isNotEqualTo(instance);

        Target perRole =
                target(
                        "{\"name\":\"pods\",\"transport_type\":\"kubernetes\",\"image\":\"x/y:1\","
                                + "\"isolation_boundary\":\"per_role\"}");
        // No role: the request was refused (403) and no instance serves it.
        assertThat(McpAudit.instance(perRole, new Identity("carol", null, List.of(), false)))
                .isNull();
        Target http =
                target(
                        "{\"name\":\"web\",\"transport_type\":\"streamable-http\","
                                + "\"url\":\"http://127.0.0.1:9/mcp\"}");
        assertThat(McpAudit.instance(http, alice)).isNull();
    }

    @Test
    void findsTheItemWithoutReadingArguments() throws Exception {
        byte[] call =
                ("{\"jsonrpc\":\"2.0\",\"params\":{\"arguments\":{\"name\":\"not-this\",\"x\":["
                                + "\"big\"]},\"name\":\"echo\"},\"id\":1,\"method\":\"tools/call\"}")
                        .getBytes();
        assertThat(RequestScan.of(call).item())
                .isEqualTo(
                        new io.reflow.gateway.access.McpItem(
                                io.reflow.gateway.access.ResourceType.TOOL, "echo"));
        byte[] completion =
                ("{\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":\"ref/resource\","
                                + "\"uri\":\"demo://x/{id}\"},\"argument\":{\"name\":\"id\",\"value\":\"1\"}}}")
                        .getBytes();
        assertThat(RequestScan.of(completion).item().name()).isEqualTo("demo://x/{id}");
        assertThat(RequestScan.of("{\"method\":\"tools/list\"}".getBytes()).item()).isNull();
    }

    @Test
    void hashesSessionsAndKeepsOnlyValidTraceIds() {
        assertThat(Texts.sessionHash(Optional.of("secret-session-id"))).matches("[0-9a-f]{16}");
        assertThat(Texts.sessionHash(Optional.of("secret-session-id")))
                .isEqualTo(Texts.sessionHash(Optional.of("secret-session-id")))
                .isNotEqualTo(Texts.sessionHash(Optional.of("other")));
        assertThat(Texts.sessionHash(Optional.empty())).isNull();
        assertThat(
                        Texts.traceId(
                                Optional.of(
                                        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")))
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(Texts.traceId(Optional.of("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01")))
                .isNull();
        assertThat(Texts.traceId(Optional.of("00-token=abc-01"))).isNull();
    }
}
