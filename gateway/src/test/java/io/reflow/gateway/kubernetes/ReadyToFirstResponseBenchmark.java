package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.reflow.gateway.Gateway;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.operator.Operator;
import io.reflow.operator.OperatorConfig;
import io.reflow.testing.controlplane.ControlPlane;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Benchmark program (not a test): the kubernetes transport's latency through a real gateway on the
 * real control plane ({@link ControlPlane}), with the real operator and the gateway's
 * ServiceAccount token bound to the chart's Role; the node stand-in runs the Pods (one shared
 * reference server).
 *
 * <ol>
 *   <li>Pod Ready to first proxied response: a new user's initialize waits in the gateway for its
 *       instance; the clock starts when a watch of this program sees the instance's Pod turn {@code
 *       Ready=True} (written by the node stand-in) and stops when the client has the proxied
 *       response. In between: the operator sees the Pod, writes the instance's status, the
 *       gateway's informer completes the waiting request, and the request is proxied through the
 *       Service's ClusterIP. The watch sees the Pod a little after the API server stored it, as the
 *       operator does, so the figure slightly undercounts.
 *   <li>Warm request overhead: {@code ping} round trips in an open session through a kubernetes
 *       target vs a streamable-http target whose URL is that same instance's endpoint, so the only
 *       difference is how the gateway resolves the upstream.
 * </ol>
 *
 * <p>Run from the repository root (arguments: cold iterations, warm requests; defaults 40 and 2000;
 * needs the control-plane binaries):
 *
 * <pre>
 * mvn -B -q -pl gateway -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=$PWD/gateway/target/test-classpath.txt
 * CP=gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/test-classpath.txt)
 * java -cp $CP io.reflow.gateway.kubernetes.ReadyToFirstResponseBenchmark 40 1000
 * </pre>
 */
public final class ReadyToFirstResponseBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ReadyToFirstResponseBenchmark() {}

    /** Runs both measurements and prints their percentiles. */
    public static void main(String[] args) throws Exception {
        int cold = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int warm = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        ControlPlane cluster = ControlPlane.shared();
        System.out.println("control plane started in " + cluster.startupTime().toMillis() + " ms");
        try (TestNamespace namespace = TestNamespace.create("bench")) {
            String ns = namespace.name();
            KubernetesClient admin = namespace.admin();
            cluster.node().serveSharingOneServer(ns);
            try (Operator operator = Operator.start(admin, OperatorConfig.defaults(ns));
                    Gateway gateway =
                            Gateway.start(
                                    GatewayConfig.fromYaml(
                                            GatewayClient.yaml(
                                                    ns,
                                                    "max_instances: 100000, startup_timeout: 15s"),
                                            Map.of()),
                                    namespace.gatewayClient())) {
                while (!operator.isReady()) {
                    Thread.sleep(10); // Waiting for the operator's informers, not timing anything.
                }
                GatewayClient http = new GatewayClient(gateway.baseUri());
                check(
                        http.admin(
                                "POST",
                                "/api/targets",
                                "{\"name\":\"bench\",\"transport_type\":\"kubernetes\","
                                        + "\"image\":\"example/mcp:1\",\"port\":8080}"));
                coldStarts(gateway.baseUri(), admin, ns, cold);
                warmOverhead(gateway.baseUri(), http, admin, ns, warm);
            }
        } finally {
            cluster.close();
        }
    }

    @SuppressWarnings("try") // the watch only needs to be open while the loop runs
    private static void coldStarts(URI base, KubernetesClient client, String ns, int iterations)
            throws Exception {
        Map<String, Long> readyAt = new ConcurrentHashMap<>();
        Set<String> measured = new HashSet<>();
        List<Double> millis = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        int failed = 0;
        try (Watch watch = client.pods().inNamespace(ns).watch(readyWatcher(readyAt))) {
            for (int i = 0; i < iterations; i++) {
                HttpResponse<String> done =
                        HTTP.send(
                                initialize(base, "cold-" + i),
                                HttpResponse.BodyHandlers.ofString());
                long end = System.nanoTime();
                if (done.statusCode() != 200) {
                    // A Pod the node stand-in did not start: not a latency, counted apart.
                    failed++;
                    System.out.println("cold start " + i + " failed: " + done.body());
                    continue;
                }
                // The Pod that turned Ready last: the one this request waited for.
                String pod =
                        readyAt.entrySet().stream()
                                .filter(e -> !measured.contains(e.getKey()))
                                .max(Map.Entry.comparingByValue())
                                .map(Map.Entry::getKey)
                                .orElseThrow(() -> new IllegalStateException("no Ready Pod seen"));
                measured.add(pod);
                URI upstream = URI.create(endpointOf(client, ns, pod) + "/mcp");
                long directStart = System.nanoTime();
                check(HTTP.send(directInitialize(upstream), HttpResponse.BodyHandlers.ofString()));
                long directEnd = System.nanoTime();
                if (i >= 3) {
                    millis.add((end - readyAt.get(pod)) / 1e6);
                    direct.add((directEnd - directStart) / 1e6);
                }
            }
        }
        report("Pod Ready=True seen -> first proxied response (ms)", millis);
        report("for scale: initialize sent straight to the instance's ClusterIP (ms)", direct);
        System.out.println("cold starts that failed (not measured): " + failed);
    }

    /** Notes when each Pod is first seen Ready. */
    private static Watcher<Pod> readyWatcher(Map<String, Long> readyAt) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                long now = System.nanoTime();
                if (pod.getStatus() != null
                        && pod.getStatus().getConditions() != null
                        && pod.getStatus().getConditions().stream()
                                .anyMatch(
                                        c ->
                                                "Ready".equals(c.getType())
                                                        && "True".equals(c.getStatus()))) {
                    readyAt.putIfAbsent(pod.getMetadata().getName(), now);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // The program ends with it.
            }
        };
    }

    /** The endpoint of the instance whose Pod is {@code pod} (Pods are named as instances). */
    private static String endpointOf(KubernetesClient client, String ns, String pod) {
        return client.resources(MCPInstance.class)
                .inNamespace(ns)
                .withName(pod)
                .get()
                .getStatus()
                .getEndpoint();
    }

    private static HttpRequest directInitialize(URI upstream) {
        return HttpRequest.newBuilder(upstream)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(
                        HttpRequest.BodyPublishers.ofString(
                                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                                        + "\"params\":{\"protocolVersion\":\"2025-06-18\","
                                        + "\"capabilities\":{},\"clientInfo\":"
                                        + "{\"name\":\"bench\",\"version\":\"1\"}}}"))
                .build();
    }

    private static void warmOverhead(
            URI base, GatewayClient admin, KubernetesClient client, String ns, int requests)
            throws Exception {
        String user = "warm";
        Set<String> before = new HashSet<>();
        client.resources(MCPInstance.class)
                .inNamespace(ns)
                .list()
                .getItems()
                .forEach(i -> before.add(i.getMetadata().getName()));
        HttpResponse<String> first =
                HTTP.send(initialize(base, user), HttpResponse.BodyHandlers.ofString());
        check(first);
        String endpoint =
                client.resources(MCPInstance.class).inNamespace(ns).list().getItems().stream()
                        .filter(i -> !before.contains(i.getMetadata().getName()))
                        .findFirst()
                        .orElseThrow()
                        .getStatus()
                        .getEndpoint();
        check(
                admin.admin(
                        "POST",
                        "/api/targets",
                        "{\"name\":\"bench-http\",\"transport_type\":\"streamable-http\","
                                + "\"url\":\""
                                + endpoint
                                + "/mcp\"}"));
        Session viaKubernetes = open(base, "bench", user);
        Session viaHttp = open(base, "bench-http", user);
        List<Double> kubernetes = new ArrayList<>();
        List<Double> http = new ArrayList<>();
        for (int i = 0; i < requests + 200; i++) {
            // Interleaved, so load from other processes affects both alike.
            double k = viaKubernetes.ping(i);
            double h = viaHttp.ping(i);
            if (i >= 200) {
                kubernetes.add(k);
                http.add(h);
            }
        }
        report("warm ping through a kubernetes target (ms)", kubernetes);
        report("warm ping through a streamable-http target, same upstream (ms)", http);
        System.out.printf(
                Locale.ROOT,
                "warm overhead of the kubernetes transport: p50 %+.3f ms%n",
                percentile(kubernetes, 50) - percentile(http, 50));
        resolverCost(client, ns);
    }

    /** The warm resolver alone, in-process: what a kubernetes target adds to each request. */
    private static void resolverCost(KubernetesClient client, String ns) {
        try (KubernetesTargetStore store = KubernetesTargetStore.start(client, ns);
                KubernetesTransport transport =
                        KubernetesTransport.start(
                                new io.reflow.gateway.config.KubernetesConfig(
                                        true,
                                        ns,
                                        "",
                                        java.time.Duration.ofMinutes(30),
                                        java.time.Duration.ofHours(24),
                                        java.time.Duration.ofMinutes(1),
                                        100000,
                                        java.time.Duration.ofSeconds(60)),
                                client,
                                store)) {
            while (!store.isReady() || !transport.isReady()) {
                Thread.onSpinWait();
            }
            io.reflow.gateway.target.Target target = store.find("bench").orElseThrow();
            io.reflow.gateway.auth.Identity warm =
                    new io.reflow.gateway.auth.Identity("warm", "user", List.of(), false);
            transport.resolver().resolve(target, warm);
            int n = 200_000;
            for (int i = 0; i < n; i++) {
                transport.resolver().resolve(target, warm);
            }
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                transport.resolver().resolve(target, warm);
            }
            System.out.printf(
                    Locale.ROOT,
                    "warm resolve() in-process: %.2f us per request (mean of %d)%n",
                    (System.nanoTime() - start) / 1e3 / n,
                    n);
        }
    }

    private static Session open(URI base, String target, String user) throws Exception {
        HttpResponse<String> init =
                HTTP.send(initialize(base, user, target), HttpResponse.BodyHandlers.ofString());
        check(init);
        return new Session(
                base, target, user, init.headers().firstValue("mcp-session-id").orElseThrow());
    }

    /** One open MCP session through the gateway. */
    private record Session(URI base, String target, String user, String id) {

        /** One ping round trip in milliseconds. */
        double ping(int n) throws Exception {
            HttpRequest ping =
                    post(
                                    base,
                                    target,
                                    user,
                                    "{\"jsonrpc\":\"2.0\",\"id\":"
                                            + (n + 2)
                                            + ",\"method\":\"ping\"}")
                            .header("Mcp-Session-Id", id)
                            .header("MCP-Protocol-Version", "2025-06-18")
                            .build();
            long start = System.nanoTime();
            HttpResponse<String> response = HTTP.send(ping, HttpResponse.BodyHandlers.ofString());
            long end = System.nanoTime();
            check(response);
            return (end - start) / 1e6;
        }
    }

    private static HttpRequest initialize(URI base, String user) {
        return initialize(base, user, "bench");
    }

    private static HttpRequest initialize(URI base, String user, String target) {
        return post(
                        base,
                        target,
                        user,
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                                + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                                + "\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}")
                .build();
    }

    private static HttpRequest.Builder post(URI base, String target, String user, String json) {
        return HttpRequest.newBuilder(base.resolve("/mcp/" + target))
                .header("Authorization", "Bearer " + GatewayClient.userToken(user))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static void check(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "HTTP " + response.statusCode() + ": " + response.body());
        }
    }

    private static void report(String what, List<Double> millis) {
        System.out.printf(
                Locale.ROOT,
                "%s: n=%d p50=%.3f p90=%.3f p99=%.3f max=%.3f%n",
                what,
                millis.size(),
                percentile(millis, 50),
                percentile(millis, 90),
                percentile(millis, 99),
                Collections.max(millis));
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
