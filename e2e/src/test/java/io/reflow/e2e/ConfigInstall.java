package io.reflow.e2e;

import java.nio.file.Path;

/** Installs the product from {@code config/} with kubectl, with the commands of docs/install.md. */
final class ConfigInstall {

    private ConfigInstall() {}

    /** Applies the CRDs, RBAC, operator and gateway manifests and the gateway's Secret. */
    static void apply(Kubectl kubectl) {
        Path config = Repository.config();
        try {
            kubectl.run(
                    "apply",
                    "-f",
                    config.resolve("namespaces").toString(),
                    "-f",
                    config.resolve("crd/bases").toString(),
                    "-f",
                    config.resolve("rbac").toString(),
                    "-f",
                    config.resolve("manager").toString());
            kubectl.run(
                    "-n",
                    "reflow-system",
                    "create",
                    "secret",
                    "generic",
                    "reflow-gateway",
                    "--from-literal=REFLOW_ADMIN_TOKEN=" + RunningProduct.randomHex(24),
                    "--from-literal=JWT_SECRET=" + RunningProduct.randomHex(32),
                    "--from-literal=ENCRYPTION_KEY=" + RunningProduct.randomHex(32),
                    "--from-literal=SESSION_KEY=" + RunningProduct.randomHex(24));
            kubectl.run("apply", "-f", config.resolve("gateway").toString());
            kubectl.run(
                    "wait",
                    "--for=condition=Established",
                    "--timeout=60s",
                    "crd/mcpinstances.mcp.reflow.io",
                    "crd/mcptargets.mcp.reflow.io",
                    "crd/mcpaccesspolicies.mcp.reflow.io");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot run kubectl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing config/", e);
        }
    }
}
