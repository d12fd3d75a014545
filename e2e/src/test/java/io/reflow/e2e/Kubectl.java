package io.reflow.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The installed {@code kubectl}, pointed at a provider's cluster. */
final class Kubectl {

    private final Path binary;
    private final Path kubeconfig;

    private Kubectl(Path binary, Path kubeconfig) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
    }

    /** {@code binary} (a kubectl) pointed at {@code kubeconfig}. */
    static Kubectl of(Path binary, Path kubeconfig) {
        return new Kubectl(binary, kubeconfig);
    }

    /**
     * kubectl for {@code cluster}; skips the calling test when kubectl or a kubeconfig is absent.
     */
    static Kubectl forCluster(ClusterProvider cluster) {
        Path binary = cluster.kubectlBinary();
        assumeTrue(
                binary.isAbsolute() ? Files.isExecutable(binary) : onPath(),
                "kubectl is not installed (not on PATH)");
        assumeTrue(
                cluster.kubeconfig().isPresent(),
                "the " + cluster.name() + " provider has no kubeconfig for kubectl");
        return new Kubectl(binary, cluster.kubeconfig().get());
    }

    /** Runs kubectl with {@code args}; returns stdout, fails with stderr on a non-zero exit. */
    String run(String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile("kubectl-", ".err");
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " timed out");
        }
        String stderr = Files.readString(err);
        Files.deleteIfExists(err);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    "kubectl "
                            + String.join(" ", args)
                            + " exited "
                            + process.exitValue()
                            + ": "
                            + stderr);
        }
        return out;
    }

    private static boolean onPath() {
        String path = System.getenv("PATH");
        return path != null
                && List.of(path.split(java.io.File.pathSeparator)).stream()
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl")));
    }
}
