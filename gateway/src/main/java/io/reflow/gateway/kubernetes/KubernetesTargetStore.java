package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.gateway.target.EnvScope;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code store.kind: kubernetes}: targets as MCPTarget resources and env configs as Secrets in one
 * namespace, shared by every gateway replica.
 */
public final class KubernetesTargetStore implements TargetStore {

    private KubernetesTargetStore() {}

    /** Starts informers on MCPTargets and env-config Secrets in {@code namespace}. */
    public static KubernetesTargetStore start(KubernetesClient client, String namespace) {
        return new KubernetesTargetStore();
    }

    @Override
    public List<Target> list() {
        throw new UnsupportedOperationException("store.kind kubernetes is not implemented yet");
    }

    @Override
    public Optional<Target> find(String id) {
        throw new UnsupportedOperationException("store.kind kubernetes is not implemented yet");
    }

    @Override
    public Target create(Target target) {
        throw new UnsupportedOperationException("store.kind kubernetes is not implemented yet");
    }

    @Override
    public Target update(Target target) {
        throw new UnsupportedOperationException("store.kind kubernetes is not implemented yet");
    }

    @Override
    public boolean delete(String id) {
        throw new UnsupportedOperationException("store.kind kubernetes is not implemented yet");
    }

    @Override
    public Map<EnvScope, Map<String, String>> envConfigs(String targetId) {
        throw new UnsupportedOperationException("store.kind kubernetes is not implemented yet");
    }

    @Override
    public void putEnv(String targetId, EnvScope scope, Map<String, String> values) {
        throw new UnsupportedOperationException("store.kind kubernetes is not implemented yet");
    }

    @Override
    public boolean deleteEnv(String targetId, EnvScope scope) {
        throw new UnsupportedOperationException("store.kind kubernetes is not implemented yet");
    }

    @Override
    public void close() {}
}
