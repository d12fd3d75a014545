package io.reflow.testing.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The folder holding etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kubectl, as
 * {@code test-support/control-plane/build.sh} builds them from the Go module proxy into a cache
 * outside the clone. The build runs it first; asking here runs it again, which costs nothing once
 * the binaries are cached.
 */
public final class ControlPlaneBinaries {

    /** Exit code of build.sh when no Go toolchain is installed. */
    private static final int NO_GO = 3;

    private static final Object LOCK = new Object();
    private static volatile Result result;

    /** What looking for the binaries gave: their folder, or why there is none. */
    public record Result(Optional<Path> dir, String whyMissing) {}

    private ControlPlaneBinaries() {}

    /** The binaries' folder, or why they cannot be had on this machine. */
    public static Result locate() {
        if (result == null) {
            synchronized (LOCK) {
                if (result == null) {
                    result = build();
                }
            }
        }
        return result;
    }

    /** The binaries' folder; fails with the reason when there is none. */
    public static Path require() {
        Result located = locate();
        return located.dir()
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "no control plane: " + located.whyMissing()));
    }

    private static Result build() {
        Path script = script();
        try {
            Path output = Files.createTempFile("reflow-control-plane-build-", ".log");
            Process process =
                    new ProcessBuilder("bash", script.toString())
                            .redirectErrorStream(false)
                            .redirectOutput(output.toFile())
                            .redirectError(ProcessBuilder.Redirect.INHERIT)
                            .start();
            // A cold build compiles Kubernetes: about 15-25 minutes on two cores.
            if (!process.waitFor(60, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return missing("building the control plane took more than 60 minutes");
            }
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            Files.deleteIfExists(output);
            if (process.exitValue() == NO_GO) {
                return missing("Go is not installed (the control plane is built with Go 1.26+)");
            }
            if (process.exitValue() != 0 || lines.isEmpty()) {
                return missing(script + " failed with exit code " + process.exitValue());
            }
            return new Result(Optional.of(Path.of(lines.get(lines.size() - 1))), "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return missing("interrupted while building the control plane");
        }
    }

    private static Result missing(String why) {
        return new Result(Optional.empty(), why);
    }

    /** {@code test-support/control-plane/build.sh} of this repository. */
    static Path script() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("test-support/control-plane/build.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "cannot find test-support/control-plane/build.sh above "
                        + Path.of("").toAbsolutePath());
    }
}
