package io.reflow.gateway.kubernetes;

import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.config.KubernetesConfig;
import io.reflow.gateway.logging.LogContext;
import io.reflow.gateway.proxy.Upstream;
import io.reflow.gateway.proxy.UpstreamResolver;
import io.reflow.gateway.proxy.UpstreamUnavailableException;
import io.reflow.gateway.target.EnvResolver;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetStore;
import io.reflow.gateway.tracing.ProvisionSpan;
import io.reflow.gateway.tracing.Tracing;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import io.reflow.mcp.api.ReadyReasons;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The request path of a kubernetes target: subject key, env, Secret and MCPInstance, then the Ready
 * instance's endpoint. A Ready instance whose Secret is current is answered from the informer cache
 * without calling the API server. Concurrent first requests of one subject share one creation.
 */
final class InstanceResolver implements UpstreamResolver {

    private final KubernetesConfig config;
    private final TargetStore store;
    private final InstanceCache cache;
    private final InstanceProvisioner provisioner;
    private final ActivityRecorder activity;
    private final Tracing tracing;
    private final Map<String, CompletableFuture<MCPInstance>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    InstanceResolver(
            KubernetesConfig config,
            TargetStore store,
            InstanceCache cache,
            InstanceProvisioner provisioner,
            ActivityRecorder activity,
            Tracing tracing) {
        this.config = config;
        this.tracing = tracing;
        this.store = store;
        this.cache = cache;
        this.provisioner = provisioner;
        this.activity = activity;
        cache.onGoneOrMoved(this::forget);
    }

    @Override
    public Upstream resolve(Target target, Identity identity) {
        if (target.image() == null || target.image().isBlank()) {
            throw new UpstreamUnavailableException(
                    500, "kubernetes target '" + target.name() + "' has no image", null);
        }
        String subjectKey = SubjectKeys.of(target, identity);
        String name = McpResources.instanceName(target.name(), subjectKey);
        LogContext.instance(name);
        Map<String, String> env =
                EnvResolver.resolve(
                        store.envConfigs(target.id()), identity, target.effectiveIsolation());
        String secretHash = InstanceSecrets.contentHash(env);
        MCPInstance cached = cache.get(name);
        if (cached != null
                && subjectKey.equals(cached.getSpec().getSubjectKey())
                && InstanceCache.servesWith(cached, secretHash)) {
            return upstream(cached);
        }
        try (ProvisionSpan span =
                ProvisionSpan.start(tracing, target.name(), config.namespace(), name)) {
            try {
                MCPInstance instance =
                        singleFlight(name, () -> provisioner.ensure(target, subjectKey, env));
                return upstream(awaitReady(instance, secretHash));
            } catch (UpstreamUnavailableException e) {
                span.failed(e.httpStatus(), e.getMessage());
                throw e;
            }
        }
    }

    /** Drops the cached endpoint of an instance (deleted, or its endpoint moved). */
    void forget(String name) {
        endpoints.remove(name);
        activity.forget(name);
    }

    private MCPInstance singleFlight(String name, java.util.function.Supplier<MCPInstance> work) {
        CompletableFuture<MCPInstance> mine = new CompletableFuture<>();
        CompletableFuture<MCPInstance> running = inFlight.putIfAbsent(name, mine);
        if (running == null) {
            try {
                mine.complete(work.get());
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
            } finally {
                inFlight.remove(name, mine);
            }
            running = mine;
        }
        try {
            return running.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * The instance once it is Ready with the credentials of {@code secretHash}; after a credential
     * change that means its new Pod, never the old one the operator is replacing.
     */
    private MCPInstance awaitReady(MCPInstance instance, String secretHash) {
        if (InstanceCache.servesWith(instance, secretHash)) {
            return instance;
        }
        String name = instance.getMetadata().getName();
        CompletableFuture<MCPInstance> settled =
                cache.awaitSettled(name, instance.getMetadata().getUid(), secretHash);
        MCPInstance result;
        try {
            result = settled.get(config.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            settled.cancel(false);
            throw new UpstreamUnavailableException(
                    504,
                    "instance "
                            + name
                            + " did not become ready within "
                            + config.startupTimeout().toSeconds()
                            + "s: "
                            + operatorMessage(name),
                    ApiErrors.RETRY_AFTER);
        } catch (ExecutionException e) {
            throw new UpstreamUnavailableException(503, e.getCause().getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamUnavailableException(503, "interrupted", null, e);
        }
        if (result == null) {
            throw new UpstreamUnavailableException(
                    503,
                    "instance " + name + " was deleted while starting; retry",
                    ApiErrors.RETRY_AFTER);
        }
        if (InstanceCache.isFailed(result)) {
            throw failed(result);
        }
        return result;
    }

    /**
     * What a client waiting on a failed instance is told: the Ready reason and the operator's
     * message. A full quota may free up (503 with Retry-After); anything else needs a change by an
     * administrator (502).
     */
    static UpstreamUnavailableException failed(MCPInstance instance) {
        String reason = InstanceCache.readyReason(instance);
        String message =
                "instance "
                        + instance.getMetadata().getName()
                        + " failed"
                        + (reason == null ? "" : " (" + reason + ")")
                        + ": "
                        + instance.getStatus().getMessage()
                        + " (the next request replaces it)";
        if (ReadyReasons.QUOTA_EXCEEDED.equals(reason)) {
            return new UpstreamUnavailableException(503, message, ApiErrors.RETRY_AFTER);
        }
        return new UpstreamUnavailableException(502, message, null);
    }

    private String operatorMessage(String name) {
        MCPInstance current = cache.get(name);
        if (current == null || current.getStatus() == null) {
            return "the operator has not reported on it (is the operator running?)";
        }
        String message = current.getStatus().getMessage();
        return "phase "
                + current.getStatus().getPhase()
                + (message == null || message.isBlank() ? "" : ", " + message);
    }

    private Upstream upstream(MCPInstance instance) {
        String name = instance.getMetadata().getName();
        String uid = instance.getMetadata().getUid();
        URI uri = mcpUri(instance);
        Endpoint known = endpoints.get(name);
        if (known != null
                && known.uid().equals(uid)
                && known.upstream().mcpEndpoint().equals(uri)) {
            known.upstream().activity().run();
            return known.upstream();
        }
        Upstream upstream = new Upstream(uri, Map.of(), null, () -> activity.touch(name));
        endpoints.put(name, new Endpoint(uid, upstream));
        upstream.activity().run();
        return upstream;
    }

    private static URI mcpUri(MCPInstance instance) {
        String endpoint = instance.getStatus().getEndpoint();
        if (endpoint.endsWith("/")) {
            endpoint = endpoint.substring(0, endpoint.length() - 1);
        }
        String path = instance.getSpec().getMcpPath();
        return URI.create(
                endpoint + (path == null || path.isEmpty() ? McpResources.DEFAULT_MCP_PATH : path));
    }

    /** The resolved upstream of one instance (by uid). */
    private record Endpoint(String uid, Upstream upstream) {}
}
