package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Installs the committed CRDs (from the api jar) into the test control plane. */
final class Crds {

    private static final String[] FILES = {
        "mcpinstances.mcp.reflow.io-v1.yml",
        "mcptargets.mcp.reflow.io-v1.yml",
        "mcpaccesspolicies.mcp.reflow.io-v1.yml"
    };

    private static boolean installed;

    private Crds() {}

    /**
     * Applies the MCPInstance, MCPTarget and MCPAccessPolicy CRDs once per JVM (server-side apply,
     * so a cluster that already has them keeps working) and waits until the API server serves them.
     */
    static synchronized void install(KubernetesClient admin) {
        if (installed) {
            return;
        }
        for (String file : FILES) {
            try (InputStream yaml = Crds.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
                CustomResourceDefinition crd =
                        admin.apiextensions().v1().customResourceDefinitions().load(yaml).item();
                admin.resource(crd).forceConflicts().serverSideApply();
                admin.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(crd.getMetadata().getName())
                        .waitUntilCondition(
                                Crds::established,
                                Duration.ofSeconds(60).toMillis(),
                                TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        installed = true;
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null
                && crd.getStatus() != null
                && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(
                                c ->
                                        "Established".equals(c.getType())
                                                && "True".equals(c.getStatus()));
    }
}
