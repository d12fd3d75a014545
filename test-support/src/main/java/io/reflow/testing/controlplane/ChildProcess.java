package io.reflow.testing.controlplane;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One control-plane binary running under a watchdog tied to the test JVM: the watchdog reads its
 * standard input, which is a pipe from this JVM, and stops the binary when the pipe closes. So the
 * binary ends with the JVM however the JVM ends, a {@code SIGKILL} included, and never outlives a
 * test run.
 */
final class ChildProcess implements AutoCloseable {

    /**
     * POSIX shells give a background job {@code /dev/null} as its standard input, so the pipe is
     * kept on descriptor 3 for the job that waits for its end.
     */
    private static final String WATCHDOG =
            """
            exec 3<&0
            "$@" </dev/null &
            child=$!
            (cat <&3 >/dev/null; kill -TERM "$child" 2>/dev/null; sleep 5; kill -KILL "$child" 2>/dev/null) &
            watcher=$!
            wait "$child"
            status=$?
            kill "$watcher" 2>/dev/null
            exit "$status"
            """;

    private final String name;
    private final Process process;
    private final OutputStream lifeline;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.lifeline = process.getOutputStream();
        this.log = log;
    }

    /** Starts {@code command} with its output in {@code dir/<name>.log}. */
    static ChildProcess start(String name, Path dir, List<String> command) {
        List<String> full = new ArrayList<>(List.of("sh", "-c", WATCHDOG, name));
        full.addAll(command);
        Path log = dir.resolve(name + ".log");
        try {
            Process process =
                    new ProcessBuilder(full)
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            return new ChildProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Whether the binary still runs. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** The last {@code lines} lines the binary printed, for failure messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Whether the binary printed {@code text} so far. */
    boolean printed(String text) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the binary (SIGTERM, then SIGKILL after 10 s) and waits for it. */
    @Override
    public void close() {
        try {
            lifeline.close();
        } catch (IOException ignored) {
            // The watchdog is gone already.
        }
        process.descendants().forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
