package io.reflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The official reference MCP server ({@code @modelcontextprotocol/server-everything}) in Streamable
 * HTTP mode, running as a local Node.js process on a free loopback port.
 *
 * <p>The npm package is installed by the build of this module from the committed lock file into
 * {@code test-support/node_modules}; {@code REFLOW_MCP_SERVERS_DIR} (or the system property {@code
 * reflow.mcp.servers.dir}) points elsewhere.
 */
public final class ReferenceMcpServer implements AutoCloseable {

    private static final String ENTRY_POINT =
            "node_modules/@modelcontextprotocol/server-everything/dist/index.js";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final int port;
    private final Path log;

    private ReferenceMcpServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a server on a free port with no extra environment. */
    public static ReferenceMcpServer start() {
        return start(Map.of());
    }

    /** Starts a server on a free port with {@code env} added to its environment. */
    public static ReferenceMcpServer start(Map<String, String> env) {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                return startOn(freePort(), env);
            } catch (IllegalStateException e) {
                // Another process may have taken the port between probing and binding.
                last = e;
            }
        }
        throw last;
    }

    /** Starts a server on {@code port}; fails when it does not listen within 30 s. */
    public static ReferenceMcpServer startOn(int port, Map<String, String> env) {
        return startOn(port, env, "streamableHttp");
    }

    /**
     * Starts a server speaking the legacy HTTP+SSE transport (protocol 2024-11-05) on a free port:
     * the stream at {@code /sse}, messages posted to the URL its {@code endpoint} event announces.
     */
    public static ReferenceMcpServer startSse() {
        return startOn(freePort(), Map.of(), "sse");
    }

    /** Starts a legacy HTTP+SSE server on {@code port}, e.g. again where one was stopped. */
    public static ReferenceMcpServer startSseOn(int port) {
        return startOn(port, Map.of(), "sse");
    }

    private static ReferenceMcpServer startOn(int port, Map<String, String> env, String mode) {
        Path dir = serversDir();
        Path entry = dir.resolve(ENTRY_POINT);
        if (!Files.isRegularFile(entry)) {
            throw new IllegalStateException(
                    "Reference MCP server not installed at "
                            + entry
                            + "; build the test-support module (it runs npm ci)");
        }
        try {
            Path log = Files.createTempFile("mcp-everything-" + port + "-", ".log");
            ProcessBuilder builder =
                    new ProcessBuilder("node", entry.toString(), mode)
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            builder.environment().put("PORT", Integer.toString(port));
            Process process = builder.start();
            ReferenceMcpServer server = new ReferenceMcpServer(process, port, log);
            server.awaitListening();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the reference MCP server", e);
        }
    }

    /** The loopback port the server listens on. */
    public int port() {
        return port;
    }

    /** Base URL, e.g. {@code http://127.0.0.1:PORT}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** URL of the MCP endpoint, {@code baseUri() + "/mcp"}. */
    public URI mcpUri() {
        return baseUri().resolve("/mcp");
    }

    /** The server's process id (for benchmarks that account its CPU time). */
    public long pid() {
        return process.pid();
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** What the server printed so far (for failure messages). */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Stops the process and waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // A leftover temp file is harmless.
        }
    }

    private void awaitListening() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "reference MCP server exited with "
                                + process.exitValue()
                                + ": "
                                + output());
            }
            // Its own "listening on port"/"running on port" line, not just an open port: another
            // process may hold the port.
            if (output().contains(" on port " + port) && accepts()) {
                return;
            }
            sleepBriefly();
        }
        close();
        throw new IllegalStateException(
                "reference MCP server did not listen on " + port + " within " + STARTUP_TIMEOUT);
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static void sleepBriefly() {
        try {
            // Waiting for a child process to bind: there is no event to watch for.
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the MCP server", e);
        }
    }

    /** A currently free loopback port. */
    public static int freePort() {
        try (ServerSocket socket =
                new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** Folder holding the installed npm packages. */
    public static Path serversDir() {
        String configured =
                System.getProperty(
                        "reflow.mcp.servers.dir", System.getenv("REFLOW_MCP_SERVERS_DIR"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("test-support");
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "cannot find test-support/package.json above " + Path.of("").toAbsolutePath());
    }
}
