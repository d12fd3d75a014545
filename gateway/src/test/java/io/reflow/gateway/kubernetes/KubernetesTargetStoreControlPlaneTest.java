package io.reflow.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.gateway.target.EnvScope;
import io.reflow.gateway.target.Resources;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetConflictException;
import io.reflow.gateway.target.TargetNotFoundException;
import io.reflow.mcp.api.IsolationBoundary;
import io.reflow.mcp.api.MCPTarget;
import io.reflow.mcp.api.MCPTargetSpec;
import io.reflow.mcp.api.McpResources;
import io.reflow.mcp.api.TransportType;
import io.reflow.testing.controlplane.RequiresControlPlane;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The in-cluster target store against the real API server (the CRDs' schema validation and
 * defaults, real watches), with the gateway's own ServiceAccount token bound to the chart's Role;
 * the admin client plays another replica's or kubectl's part.
 */
@RequiresControlPlane
class KubernetesTargetStoreControlPlaneTest {

    private TestNamespace namespace;
    private String ns;
    private KubernetesClient client;
    private KubernetesClient gatewayClient;
    private KubernetesTargetStore store;

    @BeforeEach
    void start() {
        namespace = TestNamespace.create("target-store");
        ns = namespace.name();
        client = namespace.admin();
        gatewayClient = namespace.gatewayClient();
        store = KubernetesTargetStore.start(gatewayClient, ns);
    }

    @AfterEach
    void stop() {
        store.close();
        namespace.close();
    }

    private static Target github() {
        return new Target(
                "github",
                TransportType.KUBERNETES,
                null,
                "ghcr.io/org/mcp-github:1",
                9000,
                "/healthz",
                "/mcp",
                List.of("node"),
                List.of("server.js"),
                null,
                IsolationBoundary.PER_GROUP,
                null,
                null,
                new Resources(Map.of("cpu", "100m"), Map.of("memory", "256Mi")),
                false);
    }

    @Test
    void createdTargetIsAnMcpTargetAndReadsBackEqual() {
        store.create(github());

        MCPTarget resource =
                client.resources(MCPTarget.class).inNamespace(ns).withName("github").get();
        assertThat(resource.getSpec().getImage()).isEqualTo("ghcr.io/org/mcp-github:1");
        assertThat(resource.getSpec().getIsolationBoundary())
                .isEqualTo(IsolationBoundary.PER_GROUP);
        assertThat(store.find("github")).contains(github());
        assertThat(store.list()).containsExactly(github());
    }

    @Test
    void secondCreateOfTheSameNameConflicts() {
        store.create(github());

        assertThatThrownBy(() -> store.create(github()))
                .isInstanceOf(TargetConflictException.class)
                .hasMessageContaining("github");
    }

    @Test
    void targetAppliedWithKubectlShowsUpInTheStore() {
        MCPTarget applied = TargetResources.toResource(github(), ns);
        MCPTargetSpec spec = applied.getSpec();
        spec.setImage("ghcr.io/org/mcp-github:from-kubectl");
        client.resource(applied).create();

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () ->
                                assertThat(store.find("github"))
                                        .hasValueSatisfying(
                                                t ->
                                                        assertThat(t.image())
                                                                .endsWith("from-kubectl")));
    }

    @Test
    void updateReplacesTheSpecAndUnknownTargetIsNotFound() {
        store.create(github());
        Target moved =
                new Target(
                        "github",
                        TransportType.STREAMABLE_HTTP,
                        "http://127.0.0.1:1/mcp",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        false);

        store.update(moved);

        assertThat(store.find("github")).hasValueSatisfying(t -> assertThat(t.url()).isNotNull());
        assertThat(store.find("github").orElseThrow().image()).isNull();
        Target unknown =
                new Target(
                        "nope",
                        TransportType.STREAMABLE_HTTP,
                        "http://127.0.0.1:1/mcp",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        false);
        assertThatThrownBy(() -> store.update(unknown)).isInstanceOf(TargetNotFoundException.class);
    }

    @Test
    void envConfigsLiveInLabeledSecretsWithHashedNames() {
        store.create(github());
        store.putEnv("github", EnvScope.DEFAULT, Map.of("LOG", "info"));
        store.putEnv("github", EnvScope.user("alice@example.com"), Map.of("TOKEN", "t-a"));
        store.putEnv("github", EnvScope.group("Platform Team"), Map.of("ORG", "platform"));

        assertThat(store.envConfigs("github"))
                .containsEntry(EnvScope.DEFAULT, Map.of("LOG", "info"))
                .containsEntry(EnvScope.user("alice@example.com"), Map.of("TOKEN", "t-a"))
                .containsEntry(EnvScope.group("Platform Team"), Map.of("ORG", "platform"));
        List<Secret> secrets =
                client.secrets()
                        .inNamespace(ns)
                        .withLabel(McpResources.LABEL_TARGET, "github")
                        .list()
                        .getItems();
        assertThat(secrets)
                .extracting(s -> s.getMetadata().getName())
                .allMatch(name -> name.matches(McpResources.DNS_SUBDOMAIN_PATTERN))
                .noneMatch(name -> name.contains("alice"))
                .contains("reflow-env-github-default");
    }

    @Test
    void putEnvReplacesValuesAndDeleteEnvRemovesTheScope() {
        store.create(github());
        store.putEnv("github", EnvScope.role("dev"), Map.of("A", "1", "B", "2"));

        store.putEnv("github", EnvScope.role("dev"), Map.of("A", "3"));
        assertThat(store.envConfigs("github"))
                .containsEntry(EnvScope.role("dev"), Map.of("A", "3"));

        assertThat(store.deleteEnv("github", EnvScope.role("dev"))).isTrue();
        assertThat(store.deleteEnv("github", EnvScope.role("dev"))).isFalse();
        assertThat(store.envConfigs("github")).isEmpty();
    }

    @Test
    void envOfAnUnknownTargetIsNotFound() {
        assertThatThrownBy(() -> store.putEnv("ghost", EnvScope.DEFAULT, Map.of("A", "1")))
                .isInstanceOf(TargetNotFoundException.class);
    }

    @Test
    void deletingATargetDeletesItsEnvSecrets() {
        store.create(github());
        store.putEnv("github", EnvScope.DEFAULT, Map.of("A", "1"));

        assertThat(store.delete("github")).isTrue();

        assertThat(store.find("github")).isEmpty();
        assertThat(store.envConfigs("github")).isEmpty();
        assertThat(client.secrets().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(store.delete("github")).isFalse();
    }

    @Test
    void aReplicaStartedLaterKnowsExistingTargetsAndEnvAsSoonAsStartReturns() {
        store.create(github());
        store.putEnv("github", EnvScope.user("alice"), Map.of("TOKEN", "t"));

        // No waiting: a replica that serves before its first listing would answer 404.
        try (KubernetesTargetStore later = KubernetesTargetStore.start(gatewayClient, ns)) {
            assertThat(later.isReady()).isTrue();
            assertThat(later.find("github")).isPresent();
            assertThat(later.envConfigs("github"))
                    .containsEntry(EnvScope.user("alice"), Map.of("TOKEN", "t"));
        }
    }

    @Test
    void secondReplicaSeesTheFirstReplicasWrites() {
        try (KubernetesTargetStore other = KubernetesTargetStore.start(gatewayClient, ns)) {
            store.create(github());
            store.putEnv("github", EnvScope.DEFAULT, Map.of("A", "1"));

            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(
                            () -> {
                                assertThat(other.find("github")).isPresent();
                                assertThat(other.envConfigs("github"))
                                        .containsEntry(EnvScope.DEFAULT, Map.of("A", "1"));
                            });
        }
    }
}
