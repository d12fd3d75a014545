package io.reflow.mcp.api;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CRDs as a user installs them: {@code kubectl apply -f config/crd/bases/}, then waiting until
 * they are Established and the API server validates with what was applied.
 */
final class CommittedCrds {

    /** MCPInstances, addressed without discovery. */
    static final ResourceDefinitionContext INSTANCES = context("MCPInstance", "mcpinstances");

    /** MCPTargets, addressed without discovery. */
    static final ResourceDefinitionContext TARGETS = context("MCPTarget", "mcptargets");

    /** Which MCPInstance schema the API server validates with. */
    enum Served {
        NONE,
        WITHOUT_NAME_RULE,
        CURRENT
    }

    private CommittedCrds() {}

    /** Applies {@code config/crd/bases/} and waits until the server validates with it. */
    static void applyCommitted(Kubectl kubectl, KubernetesClient client, String namespace) {
        kubectl.succeed(
                "apply", "-f", Path.of(System.getProperty("crd.committed.bases")).toString());
        kubectl.succeed(
                "wait",
                "--for=condition=Established",
                "--timeout=60s",
                "crd/mcpinstances.mcp.reflow.io",
                "crd/mcptargets.mcp.reflow.io",
                "crd/mcpaccesspolicies.mcp.reflow.io");
        awaitServed(client, namespace, Served.CURRENT);
    }

    /**
     * Replaces the MCPInstance CRD with the one the project's first commit generated (a test
     * resource), as a cluster that never upgraded has it, and waits until the server uses it.
     */
    static void applyInitialInstanceCrd(
            Kubectl kubectl, KubernetesClient client, String namespace) {
        kubectl.succeed("apply", "-f", initialInstanceCrd().toString());
        awaitServed(client, namespace, Served.WITHOUT_NAME_RULE);
    }

    /** A generic resource from YAML text, as a user writes it in a manifest. */
    static GenericKubernetesResource yaml(String text) {
        return Serialization.unmarshal(text, GenericKubernetesResource.class);
    }

    /** A CRD change reaches the API server's handler shortly after the write, not with it. */
    private static void awaitServed(KubernetesClient client, String namespace, Served expected) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> served(client, namespace) == expected);
    }

    /** Probes with a dry-run create of an instance named after another target. */
    private static Served served(KubernetesClient client, String namespace) {
        GenericKubernetesResource probe =
                yaml(
                        """
                        apiVersion: mcp.reflow.io/v1alpha1
                        kind: MCPInstance
                        metadata:
                          name: probe-0123456789
                        spec:
                          image: ghcr.io/example/mcp-server:1.0
                          targetName: other
                          subjectKey: shared:other
                        """);
        try {
            client.genericKubernetesResources(INSTANCES)
                    .inNamespace(namespace)
                    .resource(probe)
                    .dryRun()
                    .create();
            return Served.WITHOUT_NAME_RULE;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 422) {
                return Served.CURRENT;
            }
            if (e.getCode() == 404) {
                return Served.NONE;
            }
            throw e;
        }
    }

    private static Path initialInstanceCrd() {
        try {
            return Path.of(
                    CommittedCrds.class
                            .getResource("/crd-history/cdbac9d/mcpinstances.mcp.reflow.io-v1.yml")
                            .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(McpResources.GROUP)
                .withVersion(McpResources.VERSION)
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(true)
                .build();
    }
}
