package io.reflow.gateway.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.gateway.kubernetes.EnvSecrets;
import io.reflow.gateway.target.EnvScope;
import io.reflow.mcp.api.MCPTarget;
import io.reflow.testing.ReferenceMcpServer;
import io.reflow.testing.RepositoryRoot;
import io.reflow.testing.controlplane.ControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Start-up benchmark (a program, not a test): the gateway as the chart deploys it, with the
 * kubernetes store and transport, against the real test control plane, measured from process launch
 * to {@code /health} 200 (the store has listed MCPTargets and env Secrets by then) and its peak
 * RSS. The gateway authenticates with the token of the ServiceAccount {@code config/gateway/}
 * creates, bound to that Role; the namespace holds {@code targets} MCPTargets, each with a default
 * env Secret. JVM options: the chart's ({@code -XX:MaxRAMPercentage=75.0}) under its limits (1 CPU,
 * 512 MiB), emulated with {@code -XX:ActiveProcessorCount=1 -XX:MaxRAM=512m} since no container
 * runtime exists here. Arguments: {@code [runs, default 7] [targets, default 20]}. System
 * properties: {@code bench.jars}, jars to run in turn (each optionally followed by {@code |} and
 * JVM options of its own), and {@code bench.jvm}, JVM options for every run. Each run prints its
 * start-up, CPU time and peak RSS.
 */
public final class ClusterStartupBenchmark {

    private static final String NAMESPACE = "reflow";
    private static final String DEFAULT_JAR = "gateway/target/reflow-gateway.jar";
    private static final List<String> CHART_JVM =
            List.of(
                    "-XX:ActiveProcessorCount=1",
                    "-XX:MaxRAM=512m",
                    "-XX:MaxRAMPercentage=75.0",
                    "-XX:+ExitOnOutOfMemoryError");

    private ClusterStartupBenchmark() {}

    /** Runs the benchmark and prints one line per run and the medians. */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int targets = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        ControlPlane cluster = ControlPlane.shared();
        System.out.printf("control plane start-up: %d ms%n", cluster.startupTime().toMillis());
        KubernetesClient admin = cluster.admin();
        install(admin);
        createTargets(admin, targets);
        String token = cluster.serviceAccountToken("reflow-system", "reflow-gateway");
        Path kubeconfig = cluster.kubeconfig("reflow-gateway", token, NAMESPACE);
        // Each entry: a jar, optionally with JVM options of its own after a '|'.
        List<String> variants =
                Arrays.asList(System.getProperty("bench.jars", DEFAULT_JAR).split(","));
        List<Path> jars = variants.stream().map(v -> Path.of(v.split("\\|")[0])).toList();
        long[][] startups = new long[jars.size()][runs];
        long[][] cpu = new long[jars.size()][runs];
        long[][] rss = new long[jars.size()][runs];
        // Runs of several jars alternate, so a change in the machine's load hits each alike.
        for (int run = 0; run < runs; run++) {
            for (int j = 0; j < jars.size(); j++) {
                int port = ReferenceMcpServer.freePort();
                Path config = writeConfig(port, kubeconfig);
                long launched = System.nanoTime();
                String[] parts = variants.get(j).split("\\|", 2);
                Process gateway = launch(jars.get(j), parts.length > 1 ? parts[1] : "", config);
                try {
                    startups[j][run] = ProxyBenchmark.awaitHealthy(port, launched);
                    cpu[j][run] = cpuMillis(gateway.pid());
                    rss[j][run] = ProxyBenchmark.peakRssMib(gateway.pid());
                    System.out.printf(
                            "%s run %d: start-up %d ms, CPU %d ms, peak RSS %d MiB%n",
                            jars.get(j), run + 1, startups[j][run], cpu[j][run], rss[j][run]);
                } finally {
                    gateway.destroy();
                    gateway.waitFor();
                }
            }
        }
        for (int j = 0; j < jars.size(); j++) {
            System.out.printf(
                    "%s, median of %d runs with %d targets: start-up %d ms, CPU %d ms,"
                            + " peak RSS %d MiB%n",
                    variants.get(j),
                    runs,
                    targets,
                    median(startups[j]),
                    median(cpu[j]),
                    median(rss[j]));
        }
        cluster.close();
    }

    /** The CRDs, Namespaces and the gateway's ServiceAccount, Role and RoleBinding of config/. */
    private static void install(KubernetesClient admin) throws IOException {
        Path config = config();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> namespaces = Files.list(config.resolve("namespaces"));
                Stream<Path> crds = Files.list(config.resolve("crd/bases"))) {
            files.addAll(namespaces.sorted().toList());
            files.addAll(crds.sorted().toList());
        }
        for (String name :
                List.of(
                        "service_account.yaml",
                        "role.yaml",
                        "role_binding.yaml",
                        "instance_owner_config_map.yaml")) {
            files.add(config.resolve("gateway").resolve(name));
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (HasMetadata item : admin.load(in).items()) {
                    admin.resource(item).create();
                }
            }
        }
        admin.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("mcptargets.mcp.reflow.io")
                .waitUntilCondition(
                        crd ->
                                crd.getStatus() != null
                                        && crd.getStatus().getConditions().stream()
                                                .anyMatch(
                                                        c ->
                                                                "Established".equals(c.getType())
                                                                        && "True"
                                                                                .equals(
                                                                                        c
                                                                                                .getStatus())),
                        60,
                        java.util.concurrent.TimeUnit.SECONDS);
    }

    private static void createTargets(KubernetesClient admin, int count) {
        for (int i = 0; i < count; i++) {
            String name = "target-" + i;
            MCPTarget target =
                    admin.getKubernetesSerialization()
                            .unmarshal(
                                    """
                                    apiVersion: mcp.reflow.io/v1alpha1
                                    kind: MCPTarget
                                    metadata: { name: %s, namespace: %s }
                                    spec:
                                      transportType: streamable-http
                                      url: http://127.0.0.1:9/mcp
                                    """
                                            .formatted(name, NAMESPACE),
                                    MCPTarget.class);
            admin.resource(target).create();
            admin.resource(
                            EnvSecrets.desired(
                                    NAMESPACE,
                                    name,
                                    EnvScope.DEFAULT,
                                    Map.of("API_TOKEN", "v" + i)))
                    .create();
        }
    }

    private static Path writeConfig(int port, Path kubeconfig) throws IOException {
        Path config = Files.createTempFile("reflow-startup-bench-", ".yaml");
        Files.writeString(
                config,
                """
                server: { host: 127.0.0.1, port: %d }
                session: { key: "benchmark-session-key-0123456789" }
                auth: { admin_tokens: ["benchmark-admin-token-0123456789"] }
                store: { kind: kubernetes }
                encryption: { key: "%s" }
                kubernetes:
                  enabled: true
                  namespace: %s
                  kubeconfig: "%s"
                  instance_owner: reflow-instances
                """
                        .formatted(port, "00".repeat(32), NAMESPACE, kubeconfig));
        return config;
    }

    /**
     * CPU time (user and system) the process used so far: unlike wall time, barely changed by other
     * processes competing for the cores.
     */
    private static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per s).
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    private static Process launch(Path jar, String ownOptions, Path config) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the gateway first: " + jar + " is missing");
        }
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString()));
        command.addAll(CHART_JVM);
        String extra = System.getProperty("bench.jvm", "") + " " + ownOptions;
        if (!extra.isBlank()) {
            command.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        command.addAll(Arrays.asList("-jar", jar.toString(), "--config", config.toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static Path config() {
        return RepositoryRoot.require().resolve("config");
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
