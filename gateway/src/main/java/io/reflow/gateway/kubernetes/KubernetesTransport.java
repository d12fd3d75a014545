package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.gateway.config.KubernetesConfig;
import io.reflow.gateway.instances.InstanceSource;
import io.reflow.gateway.proxy.UpstreamResolver;
import io.reflow.gateway.target.TargetLifecycle;
import io.reflow.gateway.target.TargetStore;
import io.reflow.gateway.tracing.Tracing;
import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * The {@code kubernetes} transport: runs a target's MCP server as one MCPInstance per subject and
 * resolves each request to its instance.
 */
public final class KubernetesTransport implements AutoCloseable {

    private final InstanceCache instances;
    private final InstanceSecretStore secrets;
    private final ActivityRecorder activity;
    private final InstanceResolver resolver;
    private final InstanceLifecycle lifecycle;
    private final KubernetesInstances views;

    private KubernetesTransport(
            KubernetesConfig config,
            KubernetesClient client,
            TargetStore store,
            Clock clock,
            LongSupplier ticker,
            Tracing tracing) {
        this.instances = InstanceCache.start(client, config.namespace());
        this.secrets = InstanceSecretStore.start(client, config.namespace());
        this.activity =
                new ActivityRecorder(
                        client, config.namespace(), config.heartbeatInterval(), clock, ticker);
        InstanceProvisioner provisioner =
                new InstanceProvisioner(client, config, instances, secrets);
        this.resolver =
                new InstanceResolver(config, store, instances, provisioner, activity, tracing);
        this.lifecycle =
                new InstanceLifecycle(
                        client, config.namespace(), instances, secrets, resolver::forget);
        this.views =
                new KubernetesInstances(client, config.namespace(), instances, resolver::forget);
    }

    /**
     * Starts the transport: informers on MCPInstances and Secrets in {@code config.namespace()}.
     *
     * @param store where env configs are read from when building an instance's Secret
     */
    public static KubernetesTransport start(
            KubernetesConfig config, KubernetesClient client, TargetStore store) {
        return start(config, client, store, Tracing.OFF);
    }

    /**
     * As {@link #start(KubernetesConfig, KubernetesClient, TargetStore)}, traced by {@code
     * tracing}.
     */
    public static KubernetesTransport start(
            KubernetesConfig config, KubernetesClient client, TargetStore store, Tracing tracing) {
        return new KubernetesTransport(
                config, client, store, Clock.systemUTC(), System::nanoTime, tracing);
    }

    /**
     * Starts the transport with the time source of activity heartbeats: {@code clock} for the
     * recorded time, {@code ticker} (monotonic nanoseconds) for the interval between them.
     */
    static KubernetesTransport start(
            KubernetesConfig config,
            KubernetesClient client,
            TargetStore store,
            Clock clock,
            LongSupplier ticker) {
        return new KubernetesTransport(config, client, store, clock, ticker, Tracing.OFF);
    }

    /** Resolves a kubernetes target and identity to the identity's Ready instance. */
    public UpstreamResolver resolver() {
        return resolver;
    }

    /** Restarts, rolls and deletes instances when targets change. */
    public TargetLifecycle lifecycle() {
        return lifecycle;
    }

    /** The MCPInstances the gateway made, for the instances API. */
    public InstanceSource instances() {
        return views;
    }

    /** Whether the informers have synced. */
    public boolean isReady() {
        return instances.hasSynced() && secrets.hasSynced();
    }

    /** Stops the informers. */
    @Override
    public void close() {
        activity.close();
        secrets.close();
        instances.close();
    }
}
