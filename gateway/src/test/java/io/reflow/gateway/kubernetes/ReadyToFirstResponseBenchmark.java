package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.reflow.gateway.Gateway;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.testing.ReferenceMcpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Benchmark program (not a test): the kubernetes transport's latency through a real gateway.
 *
 * <ol>
 *   <li>Ready to first proxied response: a new user's initialize waits in the gateway for its
 *       instance; the clock starts when the instance's status turns Ready (written by the operator
 *       stand-in) and stops when the client has the proxied response. The wait is completed by an
 *       informer event, so this should be milliseconds, where a polling design pays its poll
 *       interval.
 *   <li>Warm request overhead: {@code ping} round trips in an open session through a kubernetes
 *       target vs a streamable-http target whose URL is that same instance's endpoint, so the only
 *       difference is how the gateway resolves the upstream.
 * </ol>
 *
 * <p>Run: {@code mvn -pl gateway exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.reflow.gateway.kubernetes.ReadyToFirstResponseBenchmark} (arguments: cold
 * iterations, warm requests; defaults 40 and 2000).
 */
public final class ReadyToFirstResponseBenchmark {

    private static final String NS = "reflow";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ReadyToFirstResponseBenchmark() {}

    /** Runs both measurements and prints their percentiles. */
    public static void main(String[] args) throws Exception {
        int cold = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int warm = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        KubernetesMockServer server =
                new KubernetesMockServer(
                        new Context(),
                        new MockWebServer(),
                        new HashMap<>(),
                        new KubernetesCrudDispatcher(),
                        false);
        server.init();
        try (KubernetesClient client = server.createClient();
                ReferenceMcpServer mcp = ReferenceMcpServer.start()) {
            Crds.install(client);
            try (OperatorStandIn operator = OperatorStandIn.start(client, NS, mcp.port());
                    Gateway gateway =
                            Gateway.start(
                                    GatewayConfig.fromYaml(
                                            GatewayClient.yaml(
                                                    NS,
                                                    "max_instances: 100000, startup_timeout: 60s"),
                                            Map.of()),
                                    client)) {
                GatewayClient admin = new GatewayClient(gateway.baseUri());
                check(
                        admin.admin(
                                "POST",
                                "/api/targets",
                                "{\"name\":\"bench\",\"transport_type\":\"kubernetes\","
                                        + "\"image\":\"example/mcp:1\",\"port\":8080}"));
                operator.autoReady(false);
                coldStarts(gateway.baseUri(), client, operator, cold);
                operator.autoReady(true);
                warmOverhead(gateway.baseUri(), admin, client, warm);
            }
        } finally {
            server.destroy();
        }
    }

    private static void coldStarts(
            URI base, KubernetesClient client, OperatorStandIn operator, int iterations)
            throws Exception {
        List<Double> millis = new ArrayList<>();
        List<Double> afterWrite = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            String user = "cold-" + i;
            int before = operator.created().size();
            CompletableFuture<HttpResponse<String>> response =
                    HTTP.sendAsync(initialize(base, user), HttpResponse.BodyHandlers.ofString());
            while (operator.created().size() == before) {
                Thread.sleep(1); // The benchmark's stand-in kubelet waits for the new instance.
            }
            String name = operator.created().get(before);
            Thread.sleep(
                    20); // Let the gateway register its waiter, as it would while a pod starts.
            long start = System.nanoTime();
            operator.markReady(name);
            long written = System.nanoTime();
            HttpResponse<String> done = response.get();
            long end = System.nanoTime();
            if (done.statusCode() != 200) {
                throw new IllegalStateException("initialize failed: " + done.body());
            }
            URI upstream = URI.create(endpointOf(client, name) + "/mcp");
            long directStart = System.nanoTime();
            check(HTTP.send(directInitialize(upstream), HttpResponse.BodyHandlers.ofString()));
            long directEnd = System.nanoTime();
            if (i >= 3) {
                millis.add((end - start) / 1e6);
                afterWrite.add((end - written) / 1e6);
                direct.add((directEnd - directStart) / 1e6);
            }
        }
        report("Ready status write started -> first proxied response (ms)", millis);
        report("Ready status stored -> first proxied response (ms)", afterWrite);
        report("for scale: initialize sent straight to the instance endpoint (ms)", direct);
        System.out.println(
                "instances created: "
                        + client.resources(MCPInstance.class)
                                .inNamespace(NS)
                                .list()
                                .getItems()
                                .size());
    }

    private static String endpointOf(KubernetesClient client, String name) {
        return client.resources(MCPInstance.class)
                .inNamespace(NS)
                .withName(name)
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
            URI base, GatewayClient admin, KubernetesClient client, int requests) throws Exception {
        String user = "warm";
        HttpResponse<String> first =
                HTTP.send(initialize(base, user), HttpResponse.BodyHandlers.ofString());
        check(first);
        String endpoint =
                client.resources(MCPInstance.class).inNamespace(NS).list().getItems().stream()
                        .filter(i -> i.getMetadata().getCreationTimestamp() != null)
                        .reduce((a, b) -> b)
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
        resolverCost(client);
    }

    /** The warm resolver alone, in-process: what a kubernetes target adds to each request. */
    private static void resolverCost(KubernetesClient client) {
        try (KubernetesTargetStore store = KubernetesTargetStore.start(client, NS);
                KubernetesTransport transport =
                        KubernetesTransport.start(
                                new io.reflow.gateway.config.KubernetesConfig(
                                        true,
                                        NS,
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
