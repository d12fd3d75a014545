package io.reflow.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceStatus;
import io.reflow.operator.OperatorConfig;
import io.reflow.operator.model.ApiRefusal;
import io.reflow.operator.model.Expiry;
import io.reflow.operator.model.InstanceStatus;
import io.reflow.operator.model.Refusal;
import io.reflow.operator.model.SecretPolicy;
import io.reflow.operator.model.SpecValidator;
import io.reflow.operator.observe.OperatorMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reconciles one MCPInstance from the caches: collect it when it expired, else check its Secret,
 * apply its Pod and Service and write its status. A write the API server refuses (RBAC, quota,
 * admission) shows in the status and is retried with backoff. Returns when to look at it again.
 */
public final class Reconciler {

    private final ClusterCache cache;
    private final OperatorConfig config;
    private final Clock clock;
    private final PodStep pod;
    private final ServiceStep service;
    private final StatusStep status;
    private final Collector collector;

    /** A reconciler that writes through {@code client} and reads {@code cache}. */
    public Reconciler(
            KubernetesClient client,
            ClusterCache cache,
            OperatorConfig config,
            Clock clock,
            EventRecorder events,
            OperatorMetrics metrics) {
        this.cache = cache;
        this.config = config;
        this.clock = clock;
        this.pod = new PodStep(client, cache);
        this.service = new ServiceStep(client, cache);
        this.status = new StatusStep(client);
        this.collector = new Collector(client, events, metrics);
    }

    /**
     * Reconciles the instance with key {@code namespace/name}.
     *
     * @return how long until it must be looked at again (its expiry), or empty
     */
    public Optional<Duration> reconcile(String key) {
        MCPInstance instance = cache.instance(key);
        if (instance == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (instance.getMetadata().getDeletionTimestamp() != null) {
            status.write(instance, InstanceStatus.terminating(instance, now));
            return Optional.empty();
        }
        Expiry expiry =
                Expiry.of(instance, config.defaultIdleTtl(), config.defaultMaxLifetime(), now);
        Optional<Expiry.Due> due = expiry.due(now);
        if (due.isPresent()) {
            collector.collect(instance, due.get());
            return Optional.empty();
        }
        MCPInstanceStatus next;
        try {
            next = apply(instance, now);
        } catch (KubernetesClientException e) {
            reportRefusal(instance, e, now);
            throw e;
        }
        status.write(instance, next);
        return Optional.of(expiry.remaining(clock.instant()));
    }

    // Strimzi and JOSDK do the same: the reason a write failed is on the resource, not only in a
    // log.
    private void reportRefusal(MCPInstance instance, KubernetesClientException e, Instant now) {
        String name = instance.getMetadata().getName();
        Optional<Refusal> refusal = ApiRefusal.of(e);
        if (refusal.isPresent()) {
            status.write(
                    instance,
                    InstanceStatus.refused(
                            instance, refusal.get(), cache.pod(name), cache.service(name), now));
        }
    }

    private MCPInstanceStatus apply(MCPInstance instance, Instant now) {
        Optional<String> problem = SpecValidator.problem(instance);
        if (problem.isPresent()) {
            return InstanceStatus.invalid(instance, problem.get(), now);
        }
        Optional<Refusal> secret = secretRefusal(instance);
        if (secret.isPresent()) {
            return InstanceStatus.refused(instance, secret.get(), now);
        }
        Pod currentPod = pod.apply(instance);
        Service currentService = service.apply(instance);
        return InstanceStatus.observed(instance, currentPod, currentService, now);
    }

    /**
     * The Secret is never read, let alone mounted, unless the gateway made it for this instance.
     */
    private Optional<Refusal> secretRefusal(MCPInstance instance) {
        return SecretPolicy.refusal(instance, cache.secret(SecretPolicy.allowedName(instance)));
    }
}
