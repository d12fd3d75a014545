package io.reflow.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Benchmark (a program, not a test) against the real API server of the test control plane: N
 * MCPInstances created at once until all have Pod, Service and status; then N instances with a
 * short max lifetime until all are collected, measuring how late after expiry each deletion
 * happened.
 *
 * <p>Arguments: {@code [count] [workers] [lifetimeSeconds]}, defaults 1000, the operator default
 * ({@link OperatorConfig#DEFAULT_WORKERS}), 30.
 */
public final class OperatorBenchmark {

    private OperatorBenchmark() {}

    /** Runs both phases and prints the figures. */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : OperatorConfig.DEFAULT_WORKERS;
        int lifetime = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Logger.getLogger("").setLevel(Level.WARNING);
        System.out.printf(
                "reflow operator benchmark: %d instances, %d workers, %d cores, java %s%n",
                count,
                workers,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        createPhase(count, workers);
        collectPhase(count, workers, lifetime);
        System.exit(0);
    }

    private static void createPhase(int count, int workers) throws Exception {
        try (EmbeddedCluster cluster = new EmbeddedCluster();
                KubernetesClient watcher = cluster.newClient();
                Operator operator = start(cluster, workers)) {
            System.out.printf(
                    "client: max concurrent requests %d, per host %d%n",
                    cluster.client().getConfiguration().getMaxConcurrentRequests(),
                    cluster.client().getConfiguration().getMaxConcurrentRequestsPerHost());
            Map<String, Long> podSeen = new ConcurrentHashMap<>();
            Map<String, Long> serviceSeen = new ConcurrentHashMap<>();
            Map<String, Long> statusSeen = new ConcurrentHashMap<>();
            SharedIndexInformer<Pod> pods =
                    watcher.pods()
                            .inNamespace(cluster.namespace())
                            .inform(onAdd(p -> podSeen.putIfAbsent(name(p), System.nanoTime())));
            SharedIndexInformer<Service> services =
                    watcher.services()
                            .inNamespace(cluster.namespace())
                            .inform(
                                    onAdd(
                                            s ->
                                                    serviceSeen.putIfAbsent(
                                                            name(s), System.nanoTime())));
            SharedIndexInformer<MCPInstance> instances =
                    watcher.resources(MCPInstance.class)
                            .inNamespace(cluster.namespace())
                            .inform(
                                    onUpdate(
                                            i -> {
                                                if (i.getStatus() != null) {
                                                    statusSeen.putIfAbsent(
                                                            name(i), System.nanoTime());
                                                }
                                            }));
            Map<String, Long> created = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            createAll(cluster, count, null, created);
            long allCreated = System.nanoTime();
            awaitAll(count, podSeen, serviceSeen, statusSeen);
            long done = System.nanoTime();
            double seconds = (done - start) / 1e9;
            System.out.printf(
                    "create: %d instances sent in %.2f s; all with Pod, Service and status"
                            + " after %.2f s = %.0f instances/s%n",
                    count, (allCreated - start) / 1e9, seconds, count / seconds);
            printLatencies(created, podSeen, statusSeen);
            System.out.printf("reconciles: %d%n", operator.reconcileCount());
            pods.stop();
            services.stop();
            instances.stop();
        }
    }

    private static void awaitAll(
            int count,
            Map<String, Long> podSeen,
            Map<String, Long> serviceSeen,
            Map<String, Long> statusSeen)
            throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while ((podSeen.size() < count || serviceSeen.size() < count || statusSeen.size() < count)
                && System.nanoTime() < giveUp) {
            Thread.sleep(5);
        }
        if (statusSeen.size() < count) {
            System.out.printf(
                    "create: gave up after 5 min with %d Pods, %d Services, %d statuses%n",
                    podSeen.size(), serviceSeen.size(), statusSeen.size());
        }
    }

    private static void printLatencies(
            Map<String, Long> created, Map<String, Long> podSeen, Map<String, Long> statusSeen) {
        List<Long> toPod = new ArrayList<>();
        List<Long> toStatus = new ArrayList<>();
        created.forEach(
                (name, t0) -> {
                    if (podSeen.containsKey(name)) {
                        toPod.add(podSeen.get(name) - t0);
                    }
                    if (statusSeen.containsKey(name)) {
                        toStatus.add(statusSeen.get(name) - t0);
                    }
                });
        print("create-to-Pod", toPod);
        print("create-to-status", toStatus);
    }

    private static void collectPhase(int count, int workers, int lifetime) throws Exception {
        try (EmbeddedCluster cluster = new EmbeddedCluster();
                KubernetesClient watcher = cluster.newClient();
                Operator operator = start(cluster, workers)) {
            Map<String, Long> lateness = new ConcurrentHashMap<>();
            SharedIndexInformer<MCPInstance> instances =
                    watcher.resources(MCPInstance.class)
                            .inNamespace(cluster.namespace())
                            .inform(
                                    onDelete(
                                            i -> {
                                                Instant expiry =
                                                        Instant.parse(
                                                                        i.getMetadata()
                                                                                .getCreationTimestamp())
                                                                .plusSeconds(lifetime);
                                                lateness.put(
                                                        name(i),
                                                        Duration.between(expiry, Instant.now())
                                                                .toNanos());
                                            }));
            long start = System.nanoTime();
            createAll(cluster, count, lifetime + "s", new ConcurrentHashMap<>());
            System.out.printf(
                    "collect: %d instances with maxLifetime %ds created in %.2f s%n",
                    count, lifetime, (System.nanoTime() - start) / 1e9);
            long deadline = System.nanoTime() + Duration.ofSeconds(lifetime + 120L).toNanos();
            while (lateness.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<Long> lags = new ArrayList<>(lateness.values());
            long withinOneSecond = lags.stream().filter(l -> l <= 1_000_000_000L).count();
            System.out.printf(
                    "collect: %d of %d deleted; %d within 1 s of expiry%n",
                    lags.size(), count, withinOneSecond);
            print("expiry-to-delete", lags);
            System.out.printf("reconciles: %d%n", operator.reconcileCount());
            instances.stop();
        }
    }

    private static Operator start(EmbeddedCluster cluster, int workers)
            throws InterruptedException {
        Operator operator =
                Operator.start(
                        cluster.client(),
                        OperatorConfig.defaults(cluster.namespace()).withWorkers(workers));
        while (!operator.isReady()) {
            Thread.sleep(10);
        }
        return operator;
    }

    private static void createAll(
            EmbeddedCluster cluster, int count, String lifetime, Map<String, Long> created)
            throws InterruptedException {
        try (ExecutorService senders =
                Executors.newFixedThreadPool(
                        32, Thread.ofVirtual().name("bench-create-", 0).factory())) {
            for (int i = 0; i < count; i++) {
                MCPInstance base = EmbeddedCluster.instance("bench", "u" + i);
                MCPInstance instance =
                        lifetime == null
                                ? base
                                : new MCPInstanceBuilder(base)
                                        .editSpec()
                                        .withMaxLifetime(lifetime)
                                        .endSpec()
                                        .build();
                senders.submit(
                        () -> {
                            created.put(name(instance), System.nanoTime());
                            try {
                                cluster.create(instance);
                            } catch (RuntimeException e) {
                                created.remove(name(instance));
                                System.out.printf(
                                        "create of %s failed: %s%n",
                                        name(instance), e.getMessage());
                            }
                        });
            }
        }
    }

    private static void print(String what, List<Long> nanos) {
        if (nanos.isEmpty()) {
            System.out.printf("%s: no samples%n", what);
            return;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf(
                "%s (ms): p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  (n=%d)%n",
                what,
                at(sorted, 0.50),
                at(sorted, 0.90),
                at(sorted, 0.99),
                sorted.getLast() / 1e6,
                sorted.size());
    }

    private static double at(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    private static String name(HasMetadata object) {
        return object.getMetadata().getName();
    }

    private static <T> ResourceEventHandler<T> onAdd(Consumer<T> action) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                action.accept(object);
            }

            @Override
            public void onUpdate(T before, T after) {}

            @Override
            public void onDelete(T object, boolean unknown) {}
        };
    }

    private static <T> ResourceEventHandler<T> onUpdate(Consumer<T> action) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                action.accept(object);
            }

            @Override
            public void onUpdate(T before, T after) {
                action.accept(after);
            }

            @Override
            public void onDelete(T object, boolean unknown) {}
        };
    }

    private static <T> ResourceEventHandler<T> onDelete(Consumer<T> action) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {}

            @Override
            public void onUpdate(T before, T after) {}

            @Override
            public void onDelete(T object, boolean unknown) {
                action.accept(object);
            }
        };
    }
}
