package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.reflow.gateway.config.KubernetesConfig;
import io.reflow.gateway.proxy.UpstreamUnavailableException;
import io.reflow.gateway.target.Target;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Makes sure the MCPInstance and Secret of one subject exist and carry the current env: creates
 * them, reuses them, or replaces a Failed instance. The instance comes first, then its Secret with
 * an owner reference to it: the operator mounts no other Secret, and deleting the instance deletes
 * the Secret, so none is ever left behind. An instance whose Secret cannot be written is deleted.
 */
final class InstanceProvisioner {

    private static final Logger LOG = Logger.getLogger(InstanceProvisioner.class.getName());
    private static final String INSTANCES = "mcpinstances";

    private final KubernetesClient client;
    private final KubernetesConfig config;
    private final InstanceCache cache;
    private final InstanceSecretStore secrets;
    private final List<OwnerReference> owners;

    InstanceProvisioner(
            KubernetesClient client,
            KubernetesConfig config,
            InstanceCache cache,
            InstanceSecretStore secrets) {
        this.client = client;
        this.config = config;
        this.cache = cache;
        this.secrets = secrets;
        this.owners = InstanceOwner.resolve(client, config);
    }

    /** The subject's instance, created or updated so that its Secret holds {@code env}. */
    MCPInstance ensure(Target target, String subjectKey, Map<String, String> env) {
        String name = McpResources.instanceName(target.name(), subjectKey);
        String hash = InstanceSecrets.contentHash(env);
        MCPInstance existing = find(name);
        if (existing != null) {
            requireSameSubject(existing, subjectKey);
            if (InstanceCache.isFailed(existing)
                    || existing.getMetadata().getDeletionTimestamp() != null) {
                replace(existing);
                existing = null;
            }
        }
        if (existing == null) {
            return create(target, subjectKey, env, hash);
        }
        secrets.apply(InstanceSecrets.desired(existing, env));
        if (!hash.equals(McpResources.secretHash(existing))) {
            LOG.info(() -> "instance " + name + ": environment changed, rolling its pod");
            patchAnnotation(name, McpResources.ANNOTATION_SECRET_HASH, hash);
        }
        return existing;
    }

    private MCPInstance create(
            Target target, String subjectKey, Map<String, String> env, String hash) {
        String name = McpResources.instanceName(target.name(), subjectKey);
        if (!cache.reserve(name, config.maxInstances())) {
            throw new UpstreamUnavailableException(
                    503,
                    "cannot start an instance of target '"
                            + target.name()
                            + "': kubernetes.max_instances ("
                            + config.maxInstances()
                            + ") reached; retry when an idle instance has been collected",
                    config.gcInterval());
        }
        try {
            MCPInstance desired =
                    DesiredInstance.desired(
                            target, subjectKey, hash, config, Instant.now(), owners);
            MCPInstance instance;
            try {
                instance = instances().resource(desired).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    cache.release(name);
                    return reuseAfterConflict(name, subjectKey, env, hash);
                }
                throw ApiErrors.unavailable(e, "create", INSTANCES, config.namespace());
            }
            writeSecret(instance, env);
            LOG.info(() -> "instance " + name + ": created for target " + target.name());
            return instance;
        } catch (RuntimeException e) {
            cache.release(name);
            throw e;
        }
    }

    private void writeSecret(MCPInstance instance, Map<String, String> env) {
        try {
            secrets.apply(InstanceSecrets.desired(instance, env));
        } catch (UpstreamUnavailableException e) {
            // Without its Secret the instance would wait forever: do not leave it behind.
            deleteQuietly(instance.getMetadata().getName());
            throw e;
        }
    }

    private void deleteQuietly(String name) {
        try {
            instances().withName(name).delete();
        } catch (KubernetesClientException e) {
            LOG.warning(() -> "instance " + name + ": could not delete it: HTTP " + e.getCode());
        }
    }

    private MCPInstance reuseAfterConflict(
            String name, String subjectKey, Map<String, String> env, String hash) {
        // Another gateway replica created it first: share it.
        MCPInstance other = get(name);
        if (other == null) {
            throw new UpstreamUnavailableException(
                    503,
                    "instance " + name + " was deleted while it was being created; retry",
                    ApiErrors.RETRY_AFTER);
        }
        requireSameSubject(other, subjectKey);
        secrets.apply(InstanceSecrets.desired(other, env));
        if (!hash.equals(McpResources.secretHash(other))) {
            patchAnnotation(name, McpResources.ANNOTATION_SECRET_HASH, hash);
        }
        return other;
    }

    private void replace(MCPInstance old) {
        String name = old.getMetadata().getName();
        LOG.info(() -> "instance " + name + ": replacing it (" + describe(old) + ")");
        var gone = cache.awaitGone(name, old.getMetadata().getUid());
        try {
            instances()
                    .withName(name)
                    .withPropagationPolicy(DeletionPropagation.FOREGROUND)
                    .delete();
        } catch (KubernetesClientException e) {
            throw ApiErrors.unavailable(e, "delete", INSTANCES, config.namespace());
        }
        secrets.deleteQuietly(McpResources.secretName(name));
        try {
            gone.get(config.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new UpstreamUnavailableException(
                    504,
                    "instance " + name + " did not go away within " + config.startupTimeout(),
                    ApiErrors.RETRY_AFTER);
        } catch (ExecutionException e) {
            throw new UpstreamUnavailableException(503, e.getCause().getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamUnavailableException(503, "interrupted", null, e);
        }
    }

    private MCPInstance find(String name) {
        MCPInstance cached = cache.get(name);
        return cached != null ? cached : get(name);
    }

    private MCPInstance get(String name) {
        try {
            return instances().withName(name).get();
        } catch (KubernetesClientException e) {
            throw ApiErrors.unavailable(e, "get", INSTANCES, config.namespace());
        }
    }

    private void patchAnnotation(String name, String key, String value) {
        try {
            instances()
                    .withName(name)
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"metadata\":{\"annotations\":{\"" + key + "\":\"" + value + "\"}}}");
        } catch (KubernetesClientException e) {
            throw ApiErrors.unavailable(e, "patch", INSTANCES, config.namespace());
        }
    }

    private NonNamespaceOperation<
                    MCPInstance, KubernetesResourceList<MCPInstance>, Resource<MCPInstance>>
            instances() {
        return client.resources(MCPInstance.class).inNamespace(config.namespace());
    }

    private static void requireSameSubject(MCPInstance instance, String subjectKey) {
        if (!subjectKey.equals(instance.getSpec().getSubjectKey())) {
            // Two subject keys whose hashes share 10 hex characters: never share an instance.
            throw new UpstreamUnavailableException(
                    500,
                    "instance "
                            + instance.getMetadata().getName()
                            + " belongs to another subject (instance name hash collision); "
                            + "refusing to share it",
                    null);
        }
    }

    private static String describe(MCPInstance instance) {
        if (instance.getMetadata().getDeletionTimestamp() != null) {
            return "it is being deleted";
        }
        return "it failed: " + instance.getStatus().getMessage();
    }
}
