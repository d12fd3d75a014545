package io.reflow.gateway.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.json.Json;
import org.junit.jupiter.api.Test;

class TargetJsonToolPrefixTest {

    private static ObjectNode base() {
        ObjectNode node = Json.object();
        node.put("name", "github");
        node.put("transport_type", "streamable-http");
        node.put("url", "http://gh:8080/mcp");
        return node;
    }

    @Test
    void defaultsToTheNameAndAnUnderscore() {
        Target target = TargetJson.parse(base(), false);
        assertThat(target.toolPrefix()).isNull();
        assertThat(target.effectiveToolPrefix()).isEqualTo("github_");
        assertThat(TargetJson.write(target).has("tool_prefix")).isFalse();
    }

    @Test
    void keepsAnEmptyPrefixAndWritesItBack() {
        Target target = TargetJson.parse(base().put("tool_prefix", ""), false);
        assertThat(target.effectiveToolPrefix()).isEmpty();
        assertThat(TargetJson.parse(TargetJson.write(target), false)).isEqualTo(target);
    }

    @Test
    void acceptsTheCharactersOfMcpToolNames() {
        Target target = TargetJson.parse(base().put("tool_prefix", "Gh.v2-x_"), false);
        assertThat(target.effectiveToolPrefix()).isEqualTo("Gh.v2-x_");
    }

    @Test
    void rejectsOtherCharactersAndLongPrefixesNamingTheField() {
        for (String bad : new String[] {"gh/", "gh ", "gé_", "x".repeat(65)}) {
            assertThatThrownBy(() -> TargetJson.parse(base().put("tool_prefix", bad), false))
                    .isInstanceOf(TargetValidationException.class)
                    .hasMessageContaining("tool_prefix");
        }
        assertThatThrownBy(() -> TargetJson.parse(base().put("tool_prefix", 3), false))
                .hasMessageContaining("tool_prefix: must be a string");
    }
}
