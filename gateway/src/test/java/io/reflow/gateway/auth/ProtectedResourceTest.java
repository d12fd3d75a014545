package io.reflow.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflow.gateway.config.OAuthConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which document describes which path, where a 401 points, which audiences are the gateway's. */
class ProtectedResourceTest {

    private static final ProtectedResource RESOURCE =
            ProtectedResource.of(
                            new OAuthConfig(
                                    "https://gw.example/mcp",
                                    List.of("https://idp.example/realms/r"),
                                    List.of("mcp:tools"),
                                    "Reflow Gateway"))
                    .orElseThrow();

    @Test
    void isAbsentWhenOff() {
        assertThat(ProtectedResource.of(OAuthConfig.OFF)).isEmpty();
    }

    @Test
    void rootAndMcpDocumentsDescribeTheConfiguredResource() {
        for (String suffix : List.of("", "/mcp")) {
            JsonNode doc = RESOURCE.metadata(suffix).orElseThrow();
            assertThat(doc.path("resource").asText()).isEqualTo("https://gw.example/mcp");
            assertThat(doc.path("authorization_servers").get(0).asText())
                    .isEqualTo("https://idp.example/realms/r");
            assertThat(doc.path("scopes_supported").get(0).asText()).isEqualTo("mcp:tools");
            assertThat(doc.path("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
            assertThat(doc.path("resource_name").asText()).isEqualTo("Reflow Gateway");
        }
    }

    @Test
    void aTargetDocumentDescribesTheTargetsUrlAndOtherPathsHaveNone() {
        assertThat(RESOURCE.metadata("/mcp/github").orElseThrow().path("resource").asText())
                .isEqualTo("https://gw.example/mcp/github");
        assertThat(RESOURCE.metadata("/mcp/GitHub")).isEmpty();
        assertThat(RESOURCE.metadata("/mcp/a/b")).isEmpty();
        assertThat(RESOURCE.metadata("/api")).isEmpty();
    }

    @Test
    void aChallengePointsAtTheDocumentOfTheRequestsResource() {
        String base = "https://gw.example/.well-known/oauth-protected-resource";
        assertThat(RESOURCE.metadataUrl("/mcp/github")).isEqualTo(base + "/mcp/github");
        assertThat(RESOURCE.metadataUrl("/mcp")).isEqualTo(base + "/mcp");
        assertThat(RESOURCE.metadataUrl("/api/targets")).isEqualTo(base + "/mcp");
    }

    @Test
    void acceptsTheResourceAndTargetUrlsUnderItOnly() {
        assertThat(RESOURCE.acceptsAudience(List.of("https://gw.example/mcp"))).isTrue();
        assertThat(RESOURCE.acceptsAudience(List.of("https://gw.example/mcp/"))).isTrue();
        assertThat(RESOURCE.acceptsAudience(List.of("x", "https://gw.example/mcp/github")))
                .isTrue();
        assertThat(RESOURCE.acceptsAudience(List.of("https://gw.example/mcpx"))).isFalse();
        assertThat(RESOURCE.acceptsAudience(List.of("https://gw.example/mcp/a/b"))).isFalse();
        assertThat(RESOURCE.acceptsAudience(List.of("https://other.example/mcp"))).isFalse();
        assertThat(RESOURCE.acceptsAudience(List.of())).isFalse();
    }
}
