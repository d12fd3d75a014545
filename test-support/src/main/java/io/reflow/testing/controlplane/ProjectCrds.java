package io.reflow.testing.controlplane;

import io.reflow.testing.RepositoryRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The project's CRDs ({@code config/crd/bases/}, found above the working directory), applied with
 * the real kubectl as a user does, before the controller manager starts: its garbage collector
 * learns of new resource types only by rediscovery every 30 s, which would hold back the first
 * cascading deletion of MCPInstances in each test JVM. Tests apply them again as they need;
 * applying is idempotent.
 */
final class ProjectCrds {

    private ProjectCrds() {}

    /** Applies the CRDs and waits until they are established; nothing when none are found. */
    static void apply(Path kubectl, Path kubeconfig) {
        Optional<Path> root = RepositoryRoot.find();
        if (root.isEmpty()) {
            return;
        }
        String crds = root.get().resolve("config/crd/bases").toString();
        run(kubectl, kubeconfig, List.of("apply", "-f", crds));
        run(
                kubectl,
                kubeconfig,
                List.of("wait", "--for=condition=Established", "--timeout=60s", "-f", crds));
    }

    private static void run(Path kubectl, Path kubeconfig, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(kubectl.toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}
