package io.reflow.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.e2e.crd.MCPInstance;
import java.util.List;
import java.util.Objects;

/**
 * What the product created in the cluster, read through the types generated from the committed CRD
 * YAML (never the api module's classes).
 */
final class ClusterView {

    private final KubernetesClient client;
    private final String namespace;

    ClusterView(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Every MCPInstance whose {@code spec.targetName} is {@code target}. */
    List<MCPInstance> instancesOf(String target) {
        return client.resources(MCPInstance.class).inNamespace(namespace).list().getItems().stream()
                .filter(i -> i.getSpec() != null && target.equals(i.getSpec().getTargetName()))
                .toList();
    }

    /** The MCPInstance named {@code name}, or null. */
    MCPInstance instance(String name) {
        return client.resources(MCPInstance.class).inNamespace(namespace).withName(name).get();
    }

    /** Whether {@code instance}'s status says Ready with an endpoint. */
    static boolean isReady(MCPInstance instance) {
        return instance != null
                && instance.getStatus() != null
                && instance.getStatus().getPhase() != null
                && "Ready".equals(instance.getStatus().getPhase().getValue())
                && instance.getStatus().getEndpoint() != null;
    }

    /** The Pod named {@code name}, or null. */
    Pod pod(String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    /** The Service named {@code name}, or null. */
    Service service(String name) {
        return client.services().inNamespace(namespace).withName(name).get();
    }

    /** The Secret named {@code name}, or null. */
    Secret secret(String name) {
        return client.secrets().inNamespace(namespace).withName(name).get();
    }

    /** The Secret an instance's Pod takes its env from ({@code spec.secretName}). */
    Secret secretOf(MCPInstance instance) {
        return secret(instance.getSpec().getSecretName());
    }

    /** Pods whose name is {@code instanceName} or that carry its instance label. */
    List<Pod> podsOf(String instanceName) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(p -> belongsTo(p, instanceName))
                .toList();
    }

    /** Services whose name is {@code instanceName} or that carry its instance label. */
    List<Service> servicesOf(String instanceName) {
        return client.services().inNamespace(namespace).list().getItems().stream()
                .filter(s -> belongsTo(s, instanceName))
                .toList();
    }

    /** Whether the instance and its Pod, Service and Secret are all gone. */
    boolean allGone(MCPInstance instance) {
        String name = instance.getMetadata().getName();
        return instance(name) == null
                && pod(name) == null
                && service(name) == null
                && secret(instance.getSpec().getSecretName()) == null;
    }

    /** Whether {@code dependent} names {@code owner} (by uid) among its owner references. */
    static boolean ownedBy(HasMetadata dependent, HasMetadata owner) {
        return dependent.getMetadata().getOwnerReferences().stream()
                .anyMatch(r -> Objects.equals(r.getUid(), owner.getMetadata().getUid()));
    }

    private static boolean belongsTo(HasMetadata object, String instanceName) {
        return instanceName.equals(object.getMetadata().getName())
                || instanceName.equals(
                        object.getMetadata().getLabels().get("mcp.reflow.io/instance"));
    }
}
