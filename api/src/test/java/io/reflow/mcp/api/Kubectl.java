package io.reflow.mcp.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl, run as a process against the test cluster the way a user runs it. */
final class Kubectl {

    /** What one kubectl run printed and how it exited. */
    record Result(int exitCode, String out, String err) {}

    private final Path binary;
    private final Path kubeconfig;

    Kubectl(Path binary, Path kubeconfig) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
    }

    /** Runs kubectl with {@code args}, writing {@code stdin} (or nothing) to its input. */
    Result run(String stdin, String... args) {
        List<String> command =
                new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("kubectl-", ".out");
            Path err = Files.createTempFile("kubectl-", ".err");
            try {
                Process process =
                        new ProcessBuilder(command)
                                .redirectOutput(out.toFile())
                                .redirectError(err.toFile())
                                .start();
                try (var input = process.getOutputStream()) {
                    if (stdin != null) {
                        input.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl " + String.join(" ", args) + " hung");
                }
                return new Result(
                        process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running kubectl", e);
        }
    }

    /** Runs kubectl with {@code args} and returns what it printed; fails with its error output. */
    String succeed(String... args) {
        Result result = run(null, args);
        if (result.exitCode() != 0) {
            throw new AssertionError(
                    "kubectl "
                            + String.join(" ", args)
                            + " exited "
                            + result.exitCode()
                            + ":\n"
                            + result.err());
        }
        return result.out();
    }
}
