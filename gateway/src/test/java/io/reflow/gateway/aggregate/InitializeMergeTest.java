package io.reflow.gateway.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitializeMergeTest {

    private static JsonNode json(String text) throws Exception {
        return Json.read(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void mergesCapabilitiesAsAUnionAndPrefixesInstructions() throws Exception {
        ObjectNode merged =
                InitializeMerge.merge(
                        List.of(
                                new InitializeMerge.Joined(
                                        "alpha",
                                        json(
                                                """
                                                {"protocolVersion":"2025-06-18","instructions":"Use echo.",
                                                 "capabilities":{"tools":{"listChanged":false},"logging":{}}}""")),
                                new InitializeMerge.Joined(
                                        "beta",
                                        json(
                                                """
                                                {"protocolVersion":"2025-03-26",
                                                 "capabilities":{"tools":{"listChanged":true},
                                                 "resources":{"subscribe":true}}}"""))),
                        "2025-06-18");
        assertThat(merged.path("capabilities"))
                .isEqualTo(
                        json(
                                """
                                {"tools":{"listChanged":true},"logging":{},"resources":{"subscribe":true}}"""));
        assertThat(merged.path("instructions").asText()).isEqualTo("[alpha] Use echo.");
        assertThat(merged.path("protocolVersion").asText()).isEqualTo("2025-03-26");
        assertThat(merged.path("serverInfo").path("name").asText()).isEqualTo("reflow-gateway");
    }

    @Test
    void withNoTargetAnswersTheRequestedVersionAndNoCapabilities() {
        ObjectNode merged = InitializeMerge.merge(List.of(), "2025-06-18");
        assertThat(merged.path("protocolVersion").asText()).isEqualTo("2025-06-18");
        assertThat(merged.path("capabilities").isEmpty()).isTrue();
        assertThat(merged.has("instructions")).isFalse();
    }
}
