package io.reflow.gateway.bench;

import io.reflow.gateway.tracing.TraceContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost per request of putting the upstream span's {@code traceparent} into {@code params._meta}
 * (a program, not a test): {@link TraceContext#withMeta} as the proxy calls it with tracing on, for
 * a {@code tools/call} body whose argument is {@code small} (60 bytes), {@code medium} (8 KiB) or
 * {@code large} (256 KiB), the body kept for each call as a request's is. With tracing off the
 * proxy does not call it. Arguments: {@code [seconds per body, default 10]}.
 */
public final class MetaRewriteBenchmark {

    private static final int SAMPLE = 200;
    private static final String TRACEPARENT =
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private MetaRewriteBenchmark() {}

    /** Runs each body size and prints mean, p50 and p99 per rewrite in microseconds. */
    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        for (String size : List.of("small", "medium", "large")) {
            int length =
                    switch (size) {
                        case "small" -> 60;
                        case "medium" -> 8 * 1024;
                        default -> 256 * 1024;
                    };
            run(size, body(length), seconds);
        }
    }

    private static byte[] body(int argumentLength) {
        return ("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"name\":"
                        + "\"echo\",\"arguments\":{\"message\":\""
                        + "x".repeat(argumentLength)
                        + "\"},\"_meta\":{\"progressToken\":7}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void run(String size, byte[] body, int seconds) {
        // Warm-up: a quarter of the time, so the JIT has compiled the path measured.
        long sink = 0;
        long warmUntil = System.nanoTime() + seconds * 250_000_000L;
        while (System.nanoTime() < warmUntil) {
            sink += TraceContext.withMeta(body, TRACEPARENT).length;
        }
        List<Double> samples = new ArrayList<>();
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        long rewrites = 0;
        long total = 0;
        while (System.nanoTime() < until) {
            long start = System.nanoTime();
            for (int i = 0; i < SAMPLE; i++) {
                sink += TraceContext.withMeta(body, TRACEPARENT).length;
            }
            long elapsed = System.nanoTime() - start;
            total += elapsed;
            rewrites += SAMPLE;
            samples.add(elapsed / 1000.0 / SAMPLE);
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(
                "body=%s bytes=%d rewrites=%d mean=%.2fus p50=%.2fus p99=%.2fus (sink %d)%n",
                size,
                body.length,
                rewrites,
                total / 1000.0 / rewrites,
                sorted[sorted.length / 2],
                sorted[(int) (sorted.length * 0.99)],
                sink % 2);
    }
}
