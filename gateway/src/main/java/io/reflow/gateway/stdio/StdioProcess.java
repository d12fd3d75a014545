package io.reflow.gateway.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.logging.LogContext;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One running MCP server process: writes messages to its stdin, reads its stdout line by line into
 * the {@link MessageRouter}, logs its stderr, and stops it with SIGTERM, then SIGKILL after a grace
 * period. When it exits, every waiting client gets an error.
 */
final class StdioProcess implements Channel {

    private static final Logger LOG = Logger.getLogger(StdioProcess.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How long a process may take to exit after SIGTERM. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final String id;
    private final ProcessSpec spec;
    private final Process process;
    private final MessageRouter router;
    private final Clock clock;
    private final Instant startedAt;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final OutputStream stdin;
    private volatile Instant lastActivity;
    private volatile String stopReason;

    private StdioProcess(String id, ProcessSpec spec, Process process, Clock clock) {
        this.id = id;
        this.spec = spec;
        this.process = process;
        this.router = new MessageRouter(spec.target());
        this.clock = clock;
        this.startedAt = clock.instant();
        this.lastActivity = startedAt;
        this.stdin = process.getOutputStream();
    }

    /**
     * Starts the process; {@code onExit} runs once it has exited and its clients were told.
     *
     * @throws IOException when the command cannot be started
     */
    static StdioProcess start(ProcessSpec spec, Clock clock, Consumer<Channel> onExit)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(spec.commandLine());
        builder.environment().clear();
        builder.environment().putAll(spec.environment());
        if (spec.workingDir() != null) {
            builder.directory(new File(spec.workingDir()));
        }
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        StdioProcess p =
                new StdioProcess(HexFormat.of().formatHex(random), spec, builder.start(), clock);
        LOG.info(
                "started stdio process "
                        + p.process.pid()
                        + " of target "
                        + spec.target()
                        + " for subject "
                        + spec.subjectHash());
        Thread.ofVirtual().name("stdio-out-" + p.id).start(() -> p.logged(p::readStdout));
        Thread.ofVirtual().name("stdio-err-" + p.id).start(() -> p.logged(p::readStderr));
        p.process.onExit().thenRun(() -> p.exited(onExit));
        return p;
    }

    /**
     * Runs a reader of this process with its target and instance ({@code <target>-<subject hash>})
     * in every line it logs, the server's stderr lines among them.
     */
    @SuppressWarnings("try") // the scope is only opened and closed
    private void logged(Runnable reader) {
        try (LogContext.Scope scope = LogContext.target(spec.target())) {
            LogContext.instance(spec.target() + "-" + spec.subjectHash());
            reader.run();
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String target() {
        return spec.target();
    }

    @Override
    public MessageRouter router() {
        return router;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public Instant lastActivity() {
        return lastActivity;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void touch() {
        lastActivity = clock.instant();
    }

    @Override
    public void send(byte[] json) throws IOException {
        synchronized (stdin) {
            stdin.write(json);
            stdin.write('\n');
            stdin.flush();
        }
    }

    // SIGTERM, SIGKILL after STOP_GRACE.
    @Override
    public void stop(String reason) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        stopReason = reason;
        LOG.info(
                "stopping stdio process "
                        + process.pid()
                        + " of target "
                        + spec.target()
                        + " for subject "
                        + spec.subjectHash()
                        + ": "
                        + reason);
        // Launchers such as npx run the server as a child: the whole tree goes.
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        Thread.ofVirtual()
                .name("stdio-stop-" + id)
                .start(
                        () -> {
                            if (!awaitExit(STOP_GRACE)) {
                                process.destroyForcibly();
                            }
                            tree.stream()
                                    .filter(ProcessHandle::isAlive)
                                    .forEach(ProcessHandle::destroyForcibly);
                        });
    }

    @Override
    public boolean awaitExit(Duration wait) {
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void readStdout() {
        BoundedLineReader reader =
                new BoundedLineReader(process.getInputStream(), spec.maxLineBytes());
        try {
            byte[] line;
            while ((line = reader.next()) != null) {
                dispatch(line);
            }
        } catch (LineTooLongException e) {
            stop("it wrote a message over " + spec.maxLineBytes() + " bytes to stdout");
        } catch (IOException e) {
            LOG.log(Level.FINE, "stdout of stdio process " + process.pid() + " closed", e);
        }
        // A server that closed its stdout can answer nothing more; one that exited is reported
        // as exited.
        if (!awaitExit(Duration.ofSeconds(1))) {
            stop("it closed its stdout");
        }
    }

    private void dispatch(byte[] line) {
        if (line.length == 0) {
            return;
        }
        JsonNode message;
        try {
            message = Json.read(line);
        } catch (IOException e) {
            LOG.warning(
                    "stdio "
                            + spec.target()
                            + " "
                            + spec.subjectHash()
                            + ": ignored a stdout line that is not JSON");
            return;
        }
        if (!(message instanceof ObjectNode object)) {
            LOG.warning("stdio " + spec.target() + ": ignored a stdout line that is not an object");
            return;
        }
        byte[] reply = router.route(object);
        if (reply != null) {
            try {
                send(reply);
            } catch (IOException e) {
                LOG.log(Level.FINE, "stdin of stdio process " + process.pid() + " closed", e);
            }
        }
    }

    private void readStderr() {
        StderrLog log =
                new StderrLog(spec.target(), spec.subjectHash(), spec.environment().values());
        try (BufferedReader err =
                new BufferedReader(
                        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                log.line(line);
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "stderr of stdio process " + process.pid() + " closed", e);
        }
    }

    private void exited(Consumer<Channel> onExit) {
        String why = stopReason != null ? "was stopped: " + stopReason : "exited";
        String message =
                "the server process of target '"
                        + spec.target()
                        + "' "
                        + why
                        + " (exit code "
                        + process.exitValue()
                        + "); initialize a new session";
        if (stopReason == null) {
            LOG.warning(
                    "stdio process "
                            + process.pid()
                            + " of target "
                            + spec.target()
                            + " for subject "
                            + spec.subjectHash()
                            + " exited with code "
                            + process.exitValue());
        }
        stopping.set(true);
        router.failAll(message);
        onExit.accept(this);
    }
}
