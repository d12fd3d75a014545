package io.reflow.e2e;

import java.util.List;

/**
 * The targets the suite registers through the admin API before the scenarios run: one per scenario,
 * so that scenarios never see each other's instances.
 */
final class TestTargets {

    static final String RECONCILE = "reconcile";
    static final String PER_USER = "per-user";
    static final String SHARED = "team";
    static final String IDLE = "idle";
    static final String AGING = "aging";
    static final String RESTART_A = "restart-a";
    static final String RESTART_B = "restart-b";
    static final String HEALING_POD = "healing-pod";
    static final String HEALING_OPERATOR = "healing-operator";
    static final String HEALING_GATEWAY = "healing-gateway";
    static final String HEALING_CRASH = "healing-crash";
    static final String CREDENTIALS = "credentials";
    static final String LISTED = "listed";

    /** Name and isolation boundary of one static target. */
    record Spec(String name, String isolation) {}

    static final List<Spec> ALL =
            List.of(
                    new Spec(RECONCILE, "per_user"),
                    new Spec(PER_USER, "per_user"),
                    new Spec(SHARED, "shared"),
                    new Spec(IDLE, "per_user"),
                    new Spec(AGING, "per_user"),
                    new Spec(RESTART_A, "shared"),
                    new Spec(RESTART_B, "shared"),
                    new Spec(HEALING_POD, "per_user"),
                    new Spec(HEALING_OPERATOR, "per_user"),
                    new Spec(HEALING_GATEWAY, "per_user"),
                    new Spec(HEALING_CRASH, "per_user"),
                    new Spec(CREDENTIALS, "shared"),
                    new Spec(LISTED, "shared"));

    private TestTargets() {}

    /**
     * The {@code POST /api/targets} body of {@code target}, running {@code image} on {@code port}.
     */
    static String json(Spec target, String image, int port) {
        return """
                {"name":"%s","transport_type":"kubernetes","image":"%s","port":%d,\
                "statefulness":"stateful","isolation_boundary":"%s"}"""
                .formatted(target.name(), image, port, target.isolation());
    }
}
