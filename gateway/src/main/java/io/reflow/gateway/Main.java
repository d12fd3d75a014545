package io.reflow.gateway;

import io.reflow.gateway.config.ConfigException;
import io.reflow.gateway.config.GatewayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Entry point: {@code java -jar reflow-gateway.jar [--config FILE]} ({@code REFLOW_CONFIG} too);
 * without a config file, the embedded default.
 */
public final class Main {

    private Main() {}

    /** Starts the gateway and keeps running until the process is stopped. */
    public static void main(String[] args) {
        long start = System.nanoTime();
        Map<String, String> env = System.getenv();
        GatewayConfig config;
        try {
            config = load(args, env);
        } catch (ConfigException e) {
            System.err.println("invalid config: " + e.getMessage());
            System.exit(2);
            return;
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(config);
        } catch (RuntimeException e) {
            System.err.println("cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "shutdown"));
        if (config.auth().adminTokenGenerated()) {
            // Printed once, on purpose: the operator needs it, and it is never logged.
            System.out.println(
                    "Generated admin token (set REFLOW_ADMIN_TOKEN to choose one): "
                            + config.auth().adminTokens().get(0));
        }
        System.out.printf(
                "Reflow gateway listening on %s (started in %d ms)%n",
                gateway.baseUri(), (System.nanoTime() - start) / 1_000_000);
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
                        "(arguments): unknown argument '" + args[i] + "'; usage: --config FILE");
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
