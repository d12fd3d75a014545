package io.reflow.gateway.bench;

import io.reflow.gateway.Gateway;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.testing.ReferenceMcpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fan-out benchmark (a program, not a test): {@code initialize} and {@code tools/list} on the
 * aggregated endpoint {@code /mcp} over ten targets, against the same requests on each target's own
 * {@code /mcp/{target}}. The ten targets are streamable-http targets of reference servers, each
 * with a session of its own there: of one server by default, or spread over {@code
 * -Dbench.servers=N} servers (10: one server per target, as in a deployment). Prints the median of
 * each target's own latency, the slowest of those, and {@code /mcp}'s, one request at a time; then
 * the time until the last of ten requests sent at once has its answer, sent straight to the servers
 * and through each {@code /mcp/t<N>}: on a machine where the servers share the CPU with the
 * gateway, that, not a target's time alone, is the least {@code /mcp}'s fan-out can take.
 * Arguments: {@code [iterations, default 200]}.
 */
public final class AggregateFanOutBenchmark {

    private static final int TARGETS = 10;
    private static final String TOKEN = "bench-admin-token";
    private static final String INIT =
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                    + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}";
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private AggregateFanOutBenchmark() {}

    /** Runs the benchmark and prints a Markdown table. */
    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int serverCount = Integer.getInteger("bench.servers", 1);
        Path data = Files.createTempDirectory("reflow-fanout-bench");
        List<ReferenceMcpServer> servers = new ArrayList<>();
        try {
            for (int s = 0; s < serverCount; s++) {
                servers.add(ReferenceMcpServer.start());
            }
            run(iterations, data, servers);
        } finally {
            for (ReferenceMcpServer server : servers) {
                server.close();
            }
        }
    }

    private static void run(int iterations, Path data, List<ReferenceMcpServer> servers)
            throws Exception {
        try (Gateway gateway = Gateway.start(config(data, servers))) {
            URI base = gateway.baseUri();
            int warmUp = Math.max(20, iterations / 4);
            long[][] targetInit = new long[TARGETS][iterations];
            long[][] targetList = new long[TARGETS][iterations];
            long[] aggregateInit = new long[iterations];
            long[] aggregateList = new long[iterations];
            long[][] atOnce = new long[4][iterations];
            List<URI> direct = new ArrayList<>();
            List<URI> proxied = new ArrayList<>();
            for (int t = 0; t < TARGETS; t++) {
                direct.add(servers.get(t % servers.size()).mcpUri());
                proxied.add(base.resolve("/mcp/t" + t));
            }
            for (int i = -warmUp; i < iterations; i++) {
                for (int t = 0; t < TARGETS; t++) {
                    URI uri = base.resolve("/mcp/t" + t);
                    Timed init = timed(uri, null, INIT);
                    Timed list = timed(uri, init.session(), LIST);
                    end(uri, init.session());
                    if (i >= 0) {
                        targetInit[t][i] = init.nanos();
                        targetList[t][i] = list.nanos();
                    }
                }
                URI mcp = base.resolve("/mcp");
                Timed init = timed(mcp, null, INIT);
                Timed list = timed(mcp, init.session(), LIST);
                end(mcp, init.session());
                if (i >= 0) {
                    aggregateInit[i] = init.nanos();
                    aggregateList[i] = list.nanos();
                }
                long[] directRound = allAtOnce(direct);
                long[] proxiedRound = allAtOnce(proxied);
                if (i >= 0) {
                    atOnce[0][i] = directRound[0];
                    atOnce[1][i] = directRound[1];
                    atOnce[2][i] = proxiedRound[0];
                    atOnce[3][i] = proxiedRound[1];
                }
            }
            print("initialize", targetInit, aggregateInit);
            print("tools/list", targetList, aggregateList);
            printAtOnce("initialize", atOnce[0], atOnce[2], aggregateInit);
            printAtOnce("tools/list", atOnce[1], atOnce[3], aggregateList);
        }
    }

    /** Target {@code t<N>} is served by server {@code N mod servers}. */
    private static GatewayConfig config(Path data, List<ReferenceMcpServer> servers) {
        StringBuilder targets = new StringBuilder("targets:\n");
        for (int t = 0; t < TARGETS; t++) {
            targets.append("  - { name: t")
                    .append(t)
                    .append(", transport_type: streamable-http, url: \"")
                    .append(servers.get(t % servers.size()).mcpUri())
                    .append("\" }\n");
        }
        String yaml =
                """
                server: { host: 127.0.0.1, port: 0 }
                session: { key: "benchmark-session-key-0123456789" }
                auth: { admin_tokens: ["%s"] }
                store: { kind: file, path: "%s" }
                audit: { stdout: false }
                %s
                """
                        .formatted(TOKEN, data, targets);
        return GatewayConfig.fromYaml(yaml, Map.of());
    }

    private record Timed(long nanos, String session) {}

    private static Timed timed(URI uri, String session, String body) throws Exception {
        HttpRequest.Builder post =
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            post.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-06-18");
        }
        long start = System.nanoTime();
        HttpResponse<String> response =
                HTTP.send(post.build(), HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode());
        }
        return new Timed(nanos, response.headers().firstValue("mcp-session-id").orElse(session));
    }

    /**
     * {@code initialize}, then {@code tools/list}, sent to every one of {@code uris} at once: the
     * nanoseconds until the last answer of each; the sessions are ended after, untimed.
     */
    private static long[] allAtOnce(List<URI> uris) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime();
            List<Future<Timed>> inits = new ArrayList<>();
            for (URI uri : uris) {
                inits.add(threads.submit(() -> timed(uri, null, INIT)));
            }
            List<String> sessions = new ArrayList<>();
            for (Future<Timed> init : inits) {
                sessions.add(init.get().session());
            }
            long initNanos = System.nanoTime() - start;
            start = System.nanoTime();
            List<Future<Timed>> lists = new ArrayList<>();
            for (int t = 0; t < uris.size(); t++) {
                URI uri = uris.get(t);
                String session = sessions.get(t);
                lists.add(threads.submit(() -> timed(uri, session, LIST)));
            }
            for (Future<Timed> list : lists) {
                list.get();
            }
            long listNanos = System.nanoTime() - start;
            for (int t = 0; t < uris.size(); t++) {
                end(uris.get(t), sessions.get(t));
            }
            return new long[] {initNanos, listNanos};
        }
    }

    private static void printAtOnce(String method, long[] direct, long[] proxied, long[] mcp) {
        double aggregate = medianMillis(mcp);
        System.out.printf(
                "| %s, all ten at once | straight to the servers %.3f ms | through /mcp/t<N>"
                        + " %.3f ms | /mcp %.3f ms | /mcp − straight %+.3f ms |%n",
                method,
                medianMillis(direct),
                medianMillis(proxied),
                aggregate,
                aggregate - medianMillis(direct));
    }

    private static void end(URI uri, String session) throws Exception {
        HTTP.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Mcp-Session-Id", session)
                        .header("MCP-Protocol-Version", "2025-06-18")
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static void print(String method, long[][] perTarget, long[] aggregate) {
        List<Double> medians = new ArrayList<>();
        for (long[] target : perTarget) {
            medians.add(medianMillis(target));
        }
        double slowest = medians.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double mcp = medianMillis(aggregate);
        System.out.printf(
                "| %s | %s | %.3f ms | %.3f ms | %+.3f ms |%n",
                method,
                medians.stream().map(m -> String.format("%.3f", m)).toList(),
                slowest,
                mcp,
                mcp - slowest);
    }

    private static double medianMillis(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }
}
