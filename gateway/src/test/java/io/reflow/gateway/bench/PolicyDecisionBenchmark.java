package io.reflow.gateway.bench;

import io.reflow.gateway.access.Effect;
import io.reflow.gateway.access.FilePolicyStore;
import io.reflow.gateway.access.Policy;
import io.reflow.gateway.access.PolicyCatalog;
import io.reflow.gateway.access.PolicySubject;
import io.reflow.gateway.access.ResourceType;
import io.reflow.gateway.auth.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The policy check's cost per MCP request (a program, not a test): what {@code AccessControl} does
 * for a {@code tools/call}, i.e. the store's change check (one {@code stat} of {@code
 * policies.json}), the caller's view of the index, and the decision for one tool, with {@code
 * policies} policies in a real file store. Mixes: "none" (no policy: the gateway's default,
 * measuring what the check costs when it allows everything), "spread" (policies over 50 targets and
 * many users, roles and groups, as a real gateway has them) and "worst" (every policy applies to
 * the caller on the target and none matches the tool, so every pattern is tried; "worst-unanchored"
 * the same with patterns not anchored by {@code ^}, which the literal-prefix check cannot skip).
 * Arguments: {@code [policies, default 1000] [seconds per mix, default 20]}.
 */
public final class PolicyDecisionBenchmark {

    private static final int SAMPLE = 1_000;

    private PolicyDecisionBenchmark() {}

    /** Runs both mixes and prints mean, p50 and p99 per decision in microseconds. */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Identity alice = new Identity("user-7", "role-3", List.of("group-2", "group-9"), false);
        for (String mix : List.of("none", "spread", "worst", "worst-unanchored")) {
            Path dir = Files.createTempDirectory("policy-bench");
            try (FilePolicyStore store = FilePolicyStore.open(dir)) {
                for (Policy p : policies(mix, mix.equals("none") ? 0 : count)) {
                    store.create(p);
                }
                PolicyCatalog catalog = new PolicyCatalog(List.of(), store);
                run(mix, catalog, alice, mix.equals("none") ? 0 : count, seconds);
            }
        }
    }

    private static void run(
            String mix, PolicyCatalog catalog, Identity identity, int count, int seconds) {
        String target = "target-1";
        String tool = mix.startsWith("worst") ? "no-such-tool" : "tool-17";
        // Warm-up: a quarter of the time, so the JIT has compiled the path measured.
        long warmUntil = System.nanoTime() + seconds * 250_000_000L;
        long sink = 0;
        while (System.nanoTime() < warmUntil) {
            sink += decide(catalog, identity, target, tool) ? 1 : 0;
        }
        List<Double> samples = new ArrayList<>();
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        long decisions = 0;
        long total = 0;
        while (System.nanoTime() < until) {
            long start = System.nanoTime();
            for (int i = 0; i < SAMPLE; i++) {
                sink += decide(catalog, identity, target, tool) ? 1 : 0;
            }
            long elapsed = System.nanoTime() - start;
            total += elapsed;
            decisions += SAMPLE;
            samples.add(elapsed / 1000.0 / SAMPLE);
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(
                "mix=%s policies=%d applicable=%s decisions=%d mean=%.2fus p50=%.2fus p99=%.2fus"
                        + " (sink %d)%n",
                mix,
                count,
                mix.startsWith("worst") ? Integer.toString(count) : "~" + count / 50,
                decisions,
                total / 1000.0 / decisions,
                sorted[sorted.length / 2],
                sorted[(int) (sorted.length * 0.99)],
                sink % 2);
    }

    private static boolean decide(
            PolicyCatalog catalog, Identity identity, String target, String tool) {
        return catalog.index().view(identity, target).decide(ResourceType.TOOL, tool).allowed();
    }

    private static List<Policy> policies(String mix, int count) {
        Random random = new Random(42);
        List<Policy> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean worst = mix.startsWith("worst");
            String anchor = mix.equals("worst-unanchored") ? "" : "^";
            String target = worst ? "target-1" : "target-" + random.nextInt(50);
            PolicySubject subject =
                    worst
                            ? new PolicySubject(PolicySubject.Type.EVERYONE, "")
                            : switch (random.nextInt(4)) {
                                case 0 ->
                                        new PolicySubject(
                                                PolicySubject.Type.USER,
                                                "user-" + random.nextInt(200));
                                case 1 ->
                                        new PolicySubject(
                                                PolicySubject.Type.ROLE,
                                                "role-" + random.nextInt(10));
                                case 2 ->
                                        new PolicySubject(
                                                PolicySubject.Type.GROUP,
                                                "group-" + random.nextInt(20));
                                default -> new PolicySubject(PolicySubject.Type.EVERYONE, "");
                            };
            out.add(
                    new Policy(
                            "p-" + i,
                            "policy " + i,
                            "",
                            target,
                            ResourceType.TOOL,
                            anchor + "tool-" + random.nextInt(40) + "(-[a-z]+)?$",
                            random.nextInt(3) == 0 ? Effect.DENY : Effect.ALLOW,
                            random.nextInt(100),
                            true,
                            Arrays.asList(subject),
                            false));
        }
        return out;
    }
}
