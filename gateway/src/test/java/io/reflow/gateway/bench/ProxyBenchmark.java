package io.reflow.gateway.bench;

import io.reflow.testing.ReferenceMcpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.LongStream;

/**
 * Load benchmark (a program, not a test): {@code tools/call echo} through the gateway and directly
 * to the same reference server in the same run, at 1 and 32 connections. Starts the gateway as its
 * own process from {@code gateway/target/reflow-gateway.jar} to measure its start-up time and peak
 * RSS. Arguments: {@code [seconds per run, default 10]}; the system property {@code
 * bench.gatewayJvmArgs} (space-separated) adds JVM options to the gateway process, e.g. a heap
 * limit or an AOT cache; {@code bench.warmUpSeconds} (default 30) sets the warm-up of each path:
 * the JIT compiler keeps working through the first half minute of traffic, and a gateway serves for
 * days, so the runs measure the steady state. {@code bench.aggregate=true} compares the aggregated
 * endpoint {@code /mcp} with {@code /mcp/{target}} and direct instead.
 */
public final class ProxyBenchmark {

    private static final String TOKEN = "bench-admin-token";
    private static final String CALL =
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"bench\"}}}";
    private static final String INIT =
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                    + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}";

    private ProxyBenchmark() {}

    /** Runs the benchmark and prints a Markdown table. */
    public static void main(String[] args) throws Exception {
        Duration perRun = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 10);
        try (ReferenceMcpServer upstream = ReferenceMcpServer.start()) {
            int port = ReferenceMcpServer.freePort();
            Path config = writeConfig(port, upstream.mcpUri());
            long launched = System.nanoTime();
            Process gateway = launchGateway(config);
            try {
                URI gatewayMcp = URI.create("http://127.0.0.1:" + port + "/mcp/everything");
                long startupMillis = awaitHealthy(port, launched);
                System.out.printf(
                        "gateway start-up (process launch to /health 200): %d ms%n", startupMillis);
                HttpClient client =
                        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                String direct = session(client, upstream.mcpUri(), null);
                String proxied = session(client, gatewayMcp, TOKEN);
                if (Boolean.getBoolean("bench.aggregate")) {
                    compareAggregate(client, port, upstream.mcpUri(), direct, proxied, perRun);
                    System.out.printf(
                            "gateway peak RSS (VmHWM): %d MiB%n", peakRssMib(gateway.pid()));
                    return;
                }
                warmUp(upstream.mcpUri(), gatewayMcp, direct, proxied);
                Processes processes =
                        new Processes(ProcessHandle.current().pid(), upstream.pid(), gateway.pid());
                System.out.println(
                        "| target | connections | requests/s | p50 ms | p99 ms"
                                + " | CPU µs/request: load generator, upstream, gateway |");
                System.out.println("| --- | --- | --- | --- | --- | --- |");
                for (int connections : new int[] {1, 32}) {
                    long[] before = processes.cpuTicks();
                    Result d = run(upstream.mcpUri(), null, direct, connections, perRun);
                    long[] between = processes.cpuTicks();
                    Result g = run(gatewayMcp, TOKEN, proxied, connections, perRun);
                    long[] after = processes.cpuTicks();
                    d = d.withCpu(before, between);
                    g = g.withCpu(between, after);
                    print("direct", connections, d);
                    print("gateway", connections, g);
                    System.out.printf(
                            Locale.ROOT,
                            "|   ratio / added | %d | %.2fx | +%.3f | +%.3f |%n",
                            connections,
                            g.throughput() / d.throughput(),
                            g.p50() - d.p50(),
                            g.p99() - d.p99());
                }
                if (Boolean.getBoolean("bench.stdio")) {
                    compareStdio(client, port, upstream.mcpUri(), direct, perRun);
                }
                System.out.printf("gateway peak RSS (VmHWM): %d MiB%n", peakRssMib(gateway.pid()));
            } finally {
                gateway.destroy();
                gateway.waitFor();
            }
        }
    }

    /**
     * {@code bench.stdio}: the same calls through a stdio target running the same reference server
     * as a child process of the gateway (one process, a stateless target, one session), against
     * direct HTTP to the reference server, at 1 and 32 connections.
     */
    private static void compareStdio(
            HttpClient client, int port, URI directMcp, String direct, Duration perRun)
            throws Exception {
        URI stdioMcp = URI.create("http://127.0.0.1:" + port + "/mcp/everything-stdio");
        String stdio = session(client, stdioMcp, TOKEN);
        Duration warmUp = Duration.ofSeconds(Integer.getInteger("bench.warmUpSeconds", 30));
        run(stdioMcp, TOKEN, stdio, 8, warmUp);
        System.out.println("| target | connections | requests/s | p50 ms | p99 ms | |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        for (int connections : new int[] {1, 32}) {
            Result d = run(directMcp, null, direct, connections, perRun);
            Result g = run(stdioMcp, TOKEN, stdio, connections, perRun);
            print("direct HTTP", connections, d);
            print("gateway, stdio target", connections, g);
            System.out.printf(
                    Locale.ROOT,
                    "|   ratio / added | %d | %.2fx | +%.3f | +%.3f |%n",
                    connections,
                    g.throughput() / d.throughput(),
                    g.p50() - d.p50(),
                    g.p99() - d.p99());
        }
    }

    /**
     * {@code bench.aggregate}: {@code tools/call echo} directly, through {@code /mcp/everything}
     * and through {@code /mcp} (as {@code everything_echo}; the session also holds the stdio
     * target), at 1 and 32 connections, each path warmed up first.
     */
    private static void compareAggregate(
            HttpClient client,
            int port,
            URI directMcp,
            String direct,
            String proxied,
            Duration perRun)
            throws Exception {
        URI targetMcp = URI.create("http://127.0.0.1:" + port + "/mcp/everything");
        URI aggregateMcp = URI.create("http://127.0.0.1:" + port + "/mcp");
        String aggregate = session(client, aggregateMcp, TOKEN);
        String aggregateCall = CALL.replace("\"echo\"", "\"everything_echo\"");
        Duration warmUp = Duration.ofSeconds(Integer.getInteger("bench.warmUpSeconds", 30));
        run(directMcp, null, direct, 8, warmUp, CALL);
        run(targetMcp, TOKEN, proxied, 8, warmUp, CALL);
        run(aggregateMcp, TOKEN, aggregate, 8, warmUp, aggregateCall);
        System.out.println("| path | connections | requests/s | p50 ms | p99 ms | |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        for (int connections : new int[] {1, 32}) {
            Result d = run(directMcp, null, direct, connections, perRun, CALL);
            Result t = run(targetMcp, TOKEN, proxied, connections, perRun, CALL);
            Result a = run(aggregateMcp, TOKEN, aggregate, connections, perRun, aggregateCall);
            print("direct", connections, d);
            print("/mcp/everything", connections, t);
            print("/mcp", connections, a);
            System.out.printf(
                    Locale.ROOT,
                    "|   /mcp vs direct; vs /mcp/{target} | %d | %.2fx; %.2fx | +%.3f; +%.3f |"
                            + " +%.3f; +%.3f | |%n",
                    connections,
                    a.throughput() / d.throughput(),
                    a.throughput() / t.throughput(),
                    a.p50() - d.p50(),
                    a.p50() - t.p50(),
                    a.p99() - d.p99(),
                    a.p99() - t.p99());
        }
    }

    private static Path writeConfig(int port, URI upstream) throws IOException {
        Path dir = Files.createTempDirectory("reflow-bench");
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(
                config,
                """
                server: { host: 127.0.0.1, port: %d, max_concurrent_per_identity: 1000 }
                session: { key: "benchmark-session-key-0123456789" }
                auth: { admin_tokens: ["%s"] }
                store: { kind: file, path: "%s" }
                targets:
                  - { name: everything, transport_type: streamable-http, url: "%s" }
                  - { name: everything-stdio, transport_type: stdio, statefulness: stateless,
                      command: [node], args: ["%s", stdio] }
                """
                        .formatted(
                                port,
                                TOKEN,
                                dir.resolve("data"),
                                upstream,
                                ReferenceMcpServer.serversDir()
                                        .resolve(
                                                "node_modules/@modelcontextprotocol/"
                                                        + "server-everything/dist/index.js")));
        return config;
    }

    private static Process launchGateway(Path config) throws IOException {
        Path jar = Path.of("gateway/target/reflow-gateway.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the gateway first: " + jar + " is missing");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        String extra = System.getProperty("bench.gatewayJvmArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(Arrays.asList(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "--config", config.toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    static long awaitHealthy(int port, long launched) throws Exception {
        HttpClient probe = HttpClient.newHttpClient();
        HttpRequest health =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
        for (int i = 0; i < 3000; i++) {
            try {
                if (probe.send(health, HttpResponse.BodyHandlers.discarding()).statusCode()
                        == 200) {
                    return (System.nanoTime() - launched) / 1_000_000;
                }
            } catch (IOException notYet) {
                // Not listening yet; there is no event to wait for from another process.
                Thread.sleep(5);
            }
        }
        throw new IllegalStateException("gateway did not become healthy");
    }

    private static HttpRequest post(URI uri, String token, String session, String body) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .header("MCP-Protocol-Version", "2025-06-18")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            builder.header("Mcp-Session-Id", session);
        }
        return builder.build();
    }

    private static String session(HttpClient client, URI uri, String token) throws Exception {
        HttpResponse<String> init =
                client.send(post(uri, token, null, INIT), HttpResponse.BodyHandlers.ofString());
        String session =
                init.headers()
                        .firstValue("mcp-session-id")
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "no session from " + uri + ": " + init.body()));
        client.send(
                post(
                        uri,
                        token,
                        session,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
                HttpResponse.BodyHandlers.discarding());
        return session;
    }

    private static void warmUp(URI direct, URI gateway, String ds, String gs)
            throws InterruptedException {
        Duration warmUp = Duration.ofSeconds(Integer.getInteger("bench.warmUpSeconds", 30));
        run(direct, null, ds, 8, warmUp);
        run(gateway, TOKEN, gs, 8, warmUp);
    }

    /**
     * Closed loops on {@code connections} keep-alive connections, one platform thread each: a new
     * request as soon as the previous answer has been read whole.
     */
    private static Result run(
            URI uri, String token, String session, int connections, Duration duration)
            throws InterruptedException {
        return run(uri, token, session, connections, duration, CALL);
    }

    /** {@link #run(URI, String, String, int, Duration)} with the JSON-RPC request {@code call}. */
    private static Result run(
            URI uri, String token, String session, int connections, Duration duration, String call)
            throws InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json, text/event-stream");
        headers.put("MCP-Protocol-Version", "2025-06-18");
        headers.put("Mcp-Session-Id", session);
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        byte[] request = LoadConnection.post(uri, headers, call);
        long end = System.nanoTime() + duration.toNanos();
        LongAdder errors = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Loop> loops = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Loop loop = new Loop(uri, request, end, errors, firstError);
            loops.add(loop);
            threads.add(Thread.ofPlatform().start(loop));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long[] all = loops.stream().flatMapToLong(Loop::latencies).sorted().toArray();
        if (errors.sum() > 0) {
            System.out.println(
                    "errors against " + uri + ": " + errors.sum() + "; first: " + firstError.get());
        }
        return new Result(
                all.length,
                all.length / (double) duration.toSeconds(),
                all[all.length / 2] / 1e6,
                all[(int) (all.length * 0.99)] / 1e6,
                "");
    }

    /** One connection's closed loop and the latencies it saw. */
    private static final class Loop implements Runnable {

        private final URI uri;
        private final byte[] request;
        private final long end;
        private final LongAdder errors;
        private final AtomicReference<String> firstError;
        private final long[] latencies = new long[500_000];
        private int count;

        Loop(URI uri, byte[] request, long end, LongAdder errors, AtomicReference<String> first) {
            this.uri = uri;
            this.request = request;
            this.end = end;
            this.errors = errors;
            this.firstError = first;
        }

        @Override
        public void run() {
            LoadConnection connection = null;
            while (System.nanoTime() < end && count < latencies.length) {
                long start = System.nanoTime();
                try {
                    if (connection == null) {
                        connection = new LoadConnection(uri);
                    }
                    LoadConnection.Answer answer = connection.exchange(request);
                    if (answer.status() != 200 || !answer.body().contains("Echo: bench")) {
                        fail(answer.status() + " " + answer.body());
                    }
                } catch (IOException | RuntimeException e) {
                    fail(e.toString());
                    closeQuietly(connection);
                    connection = null;
                }
                latencies[count++] = System.nanoTime() - start;
            }
            closeQuietly(connection);
        }

        LongStream latencies() {
            return Arrays.stream(latencies, 0, count);
        }

        private void fail(String what) {
            errors.increment();
            firstError.compareAndSet(null, what);
        }

        private static void closeQuietly(LoadConnection connection) {
            try {
                if (connection != null) {
                    connection.close();
                }
            } catch (IOException e) {
                // Closing a broken connection; nothing to report beyond the failed request.
            }
        }
    }

    private static void print(String target, int connections, Result r) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %d | %.0f | %.3f | %.3f | %s |%n",
                target,
                connections,
                r.throughput(),
                r.p50(),
                r.p99(),
                r.cpuPerRequest());
    }

    static long peakRssMib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    /** Throughput and latency of one run, and the CPU each process spent per request. */
    private record Result(
            long requests, double throughput, double p50, double p99, String cpuPerRequest) {

        Result withCpu(long[] ticksBefore, long[] ticksAfter) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < ticksBefore.length; i++) {
                double micros = (ticksAfter[i] - ticksBefore[i]) * Processes.MICROS_PER_TICK;
                text.append(i == 0 ? "" : ", ").append(Math.round(micros / Math.max(1, requests)));
            }
            return new Result(requests, throughput, p50, p99, text.toString());
        }
    }

    /** The three processes of a run; their CPU time comes from {@code /proc/PID/stat}. */
    private record Processes(long loadGenerator, long upstream, long gateway) {

        /** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ). */
        static final double MICROS_PER_TICK = 10_000;

        long[] cpuTicks() throws IOException {
            return new long[] {ticks(loadGenerator), ticks(upstream), ticks(gateway)};
        }

        private static long ticks(long pid) throws IOException {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
    }
}
