package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;

/** Installs the committed CRDs (from the api jar) into an embedded API server. */
final class Crds {

    private Crds() {}

    /** Creates the MCPInstance and MCPTarget CRDs. */
    static void install(KubernetesClient client) {
        for (String crd :
                new String[] {
                    "mcpinstances.mcp.reflow.io-v1.yml", "mcptargets.mcp.reflow.io-v1.yml"
                }) {
            try (InputStream yaml = Crds.class.getResourceAsStream("/META-INF/fabric8/" + crd)) {
                client.apiextensions().v1().customResourceDefinitions().load(yaml).create();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
