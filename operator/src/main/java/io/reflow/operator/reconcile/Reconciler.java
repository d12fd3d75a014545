package io.reflow.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceStatus;
import io.reflow.operator.OperatorConfig;
import io.reflow.operator.model.Expiry;
import io.reflow.operator.model.InstanceStatus;
import io.reflow.operator.model.SpecValidator;
import io.reflow.operator.observe.OperatorMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reconciles one MCPInstance from the caches: collect it when it expired, else adopt its Secret,
 * apply its Pod and Service and write its status. Returns when to look at it again.
 */
public final class Reconciler {

    private final ClusterCache cache;
    private final OperatorConfig config;
    private final Clock clock;
    private final SecretStep secret;
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
        this.secret = new SecretStep(client, cache);
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
        status.write(instance, apply(instance, now));
        return Optional.of(expiry.remaining(clock.instant()));
    }

    private MCPInstanceStatus apply(MCPInstance instance, Instant now) {
        Optional<String> problem = SpecValidator.problem(instance);
        if (problem.isPresent()) {
            return InstanceStatus.invalid(instance, problem.get(), now);
        }
        if (!secret.adopt(instance)) {
            return InstanceStatus.secretMissing(instance, now);
        }
        Pod currentPod = pod.apply(instance);
        Service currentService = service.apply(instance);
        return InstanceStatus.observed(instance, currentPod, currentService, now);
    }
}
