package io.reflow.gateway;

import io.reflow.gateway.config.AdminTokenFile;
import io.reflow.gateway.config.ConfigException;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.gateway.logging.GatewayLogging;
import io.reflow.gateway.logging.LogFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Entry point: {@code java -jar reflow-gateway.jar [--config FILE]} ({@code REFLOW_CONFIG} too);
 * without a config file, the embedded default.
 */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    static final String USAGE =
            """
            Usage: reflow-gateway [--config FILE] | --help | --version

              --config FILE  gateway config (YAML, ${ENV} expanded); REFLOW_CONFIG too.
                             Without one: the embedded default, 127.0.0.1:8080 (REFLOW_PORT),
                             targets under ./data (REFLOW_DATA), admin token from
                             REFLOW_ADMIN_TOKEN or kept in <data dir>/admin-token
                             (generated on the first start).
              --help         print this text and exit
              --version      print the version and exit

            Environment: REFLOW_LOG_FORMAT=json writes log records as JSON lines (default text).

            Exit codes: 0 stopped, 1 cannot start (e.g. the port is in use), 2 invalid config or
            arguments. Every config key: docs/gateway.md.
            """;

    /** The exit code when a stop request came during start-up: 128 + SIGTERM, as the JVM does. */
    static final int STOPPED_WHILE_STARTING = 143;

    private Main() {}

    /** Starts the gateway and keeps running until the process is stopped. */
    public static void main(String[] args) {
        Launch launch = launch(args, System.getenv(), System.out, System.err, Main::stopOnShutdown);
        // Exiting while the JVM already shuts down would wait forever.
        if (launch.gateway() == null && launch.exitCode() != STOPPED_WHILE_STARTING) {
            System.exit(launch.exitCode());
        }
    }

    /** Stops {@code gateway} when the JVM is asked to stop (SIGTERM, Ctrl-C), saying so. */
    private static void stopOnShutdown(Gateway gateway) {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    GatewayLogging.atShutdown(
                                            LOG, "shutting down: stopping the server", System.err);
                                    try {
                                        gateway.close();
                                    } catch (RuntimeException e) {
                                        // Helidon's own hook may be stopping the server too.
                                        GatewayLogging.atShutdown(
                                                LOG,
                                                "while stopping: " + e.getClass().getName(),
                                                System.err);
                                    }
                                    GatewayLogging.atShutdown(LOG, "stopped", System.err);
                                },
                                "shutdown"));
    }

    /**
     * What start-up came to: a running gateway, or no gateway and the exit code of the process.
     *
     * @param gateway the running gateway, or null
     * @param exitCode the code to exit with when {@code gateway} is null
     */
    record Launch(Gateway gateway, int exitCode) {}

    /** As {@link #launch(String[], Map, PrintStream, PrintStream, Consumer)}, nothing on start. */
    static Launch launch(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return launch(args, env, out, err, gateway -> {});
    }

    /**
     * Handles {@code args}: prints help or version, or starts a gateway, hands it to {@code
     * started} and then says where it listens (so a stop request after that line is handled).
     */
    static Launch launch(
            String[] args,
            Map<String, String> env,
            PrintStream out,
            PrintStream err,
            Consumer<Gateway> started) {
        long start = System.nanoTime();
        List<String> given = Arrays.asList(args);
        if (given.contains("--help") || given.contains("-h")) {
            out.print(USAGE);
            return new Launch(null, 0);
        }
        if (given.contains("--version")) {
            out.println("reflow-gateway " + Version.current());
            return new Launch(null, 0);
        }
        GatewayConfig config;
        try {
            GatewayLogging.configure(LogFormat.fromEnvironment(env));
            config = load(args, env);
        } catch (ConfigException e) {
            err.println("invalid config: " + e.getMessage());
            return new Launch(null, 2);
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(config);
        } catch (FreePort.PortInUseException e) {
            err.println(e.getMessage());
            return new Launch(null, 1);
        } catch (RuntimeException e) {
            err.println("cannot start: " + e.getMessage());
            return new Launch(null, 1);
        }
        try {
            started.accept(gateway);
        } catch (IllegalStateException shuttingDown) {
            // Asked to stop while starting: no hook can be added any more.
            gateway.close();
            return new Launch(null, STOPPED_WHILE_STARTING);
        }
        if (config.auth().adminTokenGenerated()) {
            // Printed on purpose: the operator needs it; it is never logged.
            out.println(
                    "Admin token (kept in "
                            + config.store().path().resolve(AdminTokenFile.FILE_NAME)
                            + "; set REFLOW_ADMIN_TOKEN to choose one): "
                            + config.auth().adminTokens().get(0));
        }
        out.printf(
                "Reflow gateway listening on %s (started in %d ms)%n",
                gateway.baseUri(), (System.nanoTime() - start) / 1_000_000);
        return new Launch(gateway, 0);
    }

    static GatewayConfig load(String[] args, Map<String, String> env) {
        String file = env.get("REFLOW_CONFIG");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = args[++i];
            } else if (args[i].startsWith("--config=")) {
                file = args[i].substring("--config=".length());
            } else {
                throw new ConfigException(
                        "(arguments): unknown argument '"
                                + args[i]
                                + "'; usage: --config FILE | --help | --version");
            }
        }
        if (file == null || file.isBlank()) {
            return GatewayConfig.defaults(env);
        }
        try {
            return GatewayConfig.fromYaml(Files.readString(Path.of(file)), env);
        } catch (IOException e) {
            throw new ConfigException("(file): cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
