package io.reflow.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real API server accepts every manifest in {@code config/} and the rendered chart: {@code
 * kubectl apply --dry-run=server} with the kubectl built with the control plane, so the server's
 * schema validation, admission and RBAC escalation checks judge each object. The Namespaces and
 * CRDs are applied for real first, as docs/install.md does.
 */
class KubectlServerDryRunTest {

    @BeforeAll
    static void applyNamespacesAndCrds() throws Exception {
        for (String directory : List.of("namespaces", "crd/bases")) {
            Result result = kubectl(null, false, "-f", Repository.config(directory).toString());
            assertThat(result.exitCode()).as(result.output()).isZero();
        }
    }

    @ParameterizedTest(name = "config/{0}")
    @ValueSource(strings = {"namespaces", "crd/bases", "rbac", "manager", "gateway", "samples"})
    void appliesTheKubectlManifests(String directory) throws Exception {
        Path manifests = Repository.config(directory);
        List<String> expected =
                Manifests.readDirectory(manifests).objects().stream()
                        .map(o -> o.getKind().toLowerCase(java.util.Locale.ROOT))
                        .toList();

        Result result = kubectl(null, true, "-f", manifests.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("(server dry run)");
        assertThat(result.output().lines().filter(l -> l.contains("(server dry run)")).count())
                .as(result.output())
                .isEqualTo(expected.size());
    }

    @ParameterizedTest(name = "chart with {0}")
    @ValueSource(strings = {"defaults", "gateway.enabled=false"})
    void appliesTheRenderedChart(String values) throws Exception {
        HelmChart chart = HelmChart.defaults();
        if (values.contains("=")) {
            String[] keyValue = values.split("=", 2);
            chart.set(keyValue[0], Boolean.parseBoolean(keyValue[1]));
        }
        String yaml = chart.renderYaml();

        Result result = kubectl(yaml, true, "-f", "-");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().lines().filter(l -> l.contains("(server dry run)")).count())
                .isEqualTo(Manifests.parse(yaml).objects().size());
    }

    private static Result kubectl(String stdin, boolean dryRun, String... args)
            throws IOException, InterruptedException {
        ChartTestCluster server = ChartTestCluster.shared();
        List<String> command = new ArrayList<>();
        command.add(server.kubectl().toString());
        command.add("--kubeconfig=" + server.kubeconfig());
        command.add("--cache-dir=" + server.kubeconfig().resolveSibling("kubectl-cache"));
        command.add("apply");
        if (dryRun) {
            command.add("--dry-run=server");
        }
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl did not finish in 60 s: " + output);
        }
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {}
}
