package io.reflow.e2e;

import java.util.List;

/**
 * The static targets every provider's gateway is configured with: one per scenario, so that
 * scenarios never see each other's instances.
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
                    new Spec(CREDENTIALS, "shared"),
                    new Spec(LISTED, "shared"));

    private TestTargets() {}

    /** The {@code targets:} block of the gateway YAML, every target running {@code image}. */
    static String yaml(String image, int port) {
        StringBuilder yaml = new StringBuilder("targets:\n");
        for (Spec target : ALL) {
            yaml.append("  - name: ")
                    .append(target.name())
                    .append('\n')
                    .append("    transport_type: kubernetes\n")
                    .append("    image: \"")
                    .append(image)
                    .append("\"\n")
                    .append("    port: ")
                    .append(port)
                    .append('\n')
                    .append("    statefulness: stateful\n")
                    .append("    isolation_boundary: ")
                    .append(target.isolation())
                    .append('\n');
        }
        return yaml.toString();
    }
}
