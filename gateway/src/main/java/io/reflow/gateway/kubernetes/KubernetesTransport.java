package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.gateway.config.KubernetesConfig;
import io.reflow.gateway.proxy.UpstreamResolver;
import io.reflow.gateway.proxy.UpstreamUnavailableException;
import io.reflow.gateway.target.TargetLifecycle;
import io.reflow.gateway.target.TargetStore;

/**
 * The {@code kubernetes} transport: runs a target's MCP server as one MCPInstance per subject and
 * resolves each request to its instance.
 */
public final class KubernetesTransport implements AutoCloseable {

    private KubernetesTransport() {}

    /**
     * Starts the transport: informers on MCPInstances and Secrets in {@code config.namespace()}.
     *
     * @param store where env configs are read from when building an instance's Secret
     */
    public static KubernetesTransport start(
            KubernetesConfig config, KubernetesClient client, TargetStore store) {
        return new KubernetesTransport();
    }

    /** Resolves a kubernetes target and identity to the identity's Ready instance. */
    public UpstreamResolver resolver() {
        return (target, identity) -> {
            throw new UpstreamUnavailableException(
                    501, "the kubernetes transport is not implemented yet", null);
        };
    }

    /** Restarts, rolls and deletes instances when targets change. */
    public TargetLifecycle lifecycle() {
        return TargetLifecycle.NONE;
    }

    /** Whether the informers have synced. */
    public boolean isReady() {
        return true;
    }

    /** Stops the informers. */
    @Override
    public void close() {}
}
