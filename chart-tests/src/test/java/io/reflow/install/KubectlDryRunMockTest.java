package io.reflow.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real kubectl accepts every manifest in {@code config/} and the rendered chart: {@code kubectl
 * apply --dry-run=client} against the embedded API server (which serves the discovery documents
 * kubectl needs; {@code --validate=false} because it has no OpenAPI schema). Skipped when kubectl
 * is not installed.
 */
class KubectlDryRunMockTest {

    @ParameterizedTest(name = "config/{0}")
    @ValueSource(strings = {"namespaces", "crd/bases", "rbac", "manager", "gateway", "samples"})
    void appliesTheKubectlManifests(String directory) throws Exception {
        Path manifests = Repository.config(directory);
        List<String> expected =
                Manifests.readDirectory(manifests).objects().stream()
                        .map(o -> o.getKind().toLowerCase(java.util.Locale.ROOT))
                        .toList();

        Result result = kubectl(null, "-f", manifests.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("(dry run)");
        assertThat(result.output().lines().filter(l -> l.contains("(dry run)")).count())
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

        Result result = kubectl(yaml, "-f", "-");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().lines().filter(l -> l.contains("(dry run)")).count())
                .isEqualTo(Manifests.parse(yaml).objects().size());
    }

    private static Result kubectl(String stdin, String... args)
            throws IOException, InterruptedException {
        Optional<Path> kubectl = onPath("kubectl");
        assumeTrue(kubectl.isPresent(), "kubectl is not on PATH: the dry-run check needs it");
        EmbeddedApiServer server = EmbeddedApiServer.shared();
        List<String> command = new ArrayList<>();
        command.add(kubectl.get().toString());
        command.add("--kubeconfig=" + server.kubeconfig());
        command.add("--cache-dir=" + server.kubeconfig().resolveSibling("kubectl-cache"));
        command.add("apply");
        command.add("--dry-run=client");
        command.add("--validate=false");
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

    private static Optional<Path> onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .filter(d -> !d.isBlank())
                .map(d -> Path.of(d, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private record Result(int exitCode, String output) {}
}
