package io.reflow.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetJson;
import io.reflow.mcp.api.MCPTarget;
import org.junit.jupiter.api.Test;

class TargetResourcesTest {

    private static Target target(String toolPrefix) {
        ObjectNode node = Json.object();
        node.put("name", "github");
        node.put("transport_type", "kubernetes");
        node.put("image", "ghcr.io/org/mcp-github:1");
        if (toolPrefix != null) {
            node.put("tool_prefix", toolPrefix);
        }
        return TargetJson.parse(node, false);
    }

    @Test
    void keepsTheToolPrefixInTheMcpTargetSpec() {
        for (String prefix : new String[] {"gh_", "", null}) {
            MCPTarget resource = TargetResources.toResource(target(prefix), "reflow");
            assertThat(resource.getSpec().getToolPrefix()).isEqualTo(prefix);
            Target back = TargetResources.fromResource(resource);
            assertThat(back.toolPrefix()).isEqualTo(prefix);
            assertThat(back.effectiveToolPrefix()).isEqualTo(prefix == null ? "github_" : prefix);
        }
    }
}
