package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP Inspector's CLI, the version docs/clients.md and the README name, against a real gateway
 * in front of the reference server: the page's commands work as written on the Node.js the README
 * requires. The Inspector is installed with the machine's npm into the build folder; where npm
 * cannot fetch it the test is skipped with the reason (a failure in CI).
 */
class InspectorCliTest {

    /** The version the docs name: the newest that runs on Node.js 20 and has --header. */
    static final String INSPECTOR = "@modelcontextprotocol/inspector@1.0.3";

    private static final Path INSTALL = Path.of("target", "mcp-inspector-1.0.3").toAbsolutePath();

    @TempDir static Path dir;
    private static ProxiedEverything proxied;

    @BeforeAll
    static void start() throws Exception {
        Path bin = INSTALL.resolve("node_modules/.bin/mcp-inspector");
        if (!Files.isExecutable(bin)) {
            Result install =
                    run(
                            List.of(
                                    "npm",
                                    "install",
                                    "--no-save",
                                    "--no-audit",
                                    "--no-fund",
                                    "--prefix",
                                    INSTALL.toString(),
                                    INSPECTOR),
                            300);
            if (install.exit() != 0 || !Files.isExecutable(bin)) {
                String why = "npm cannot install " + INSPECTOR + ": " + install.tail();
                if ("true".equals(System.getenv("CI"))) {
                    throw new IllegalStateException("CI needs the Inspector, but " + why);
                }
                Assumptions.abort(why);
            }
        }
        proxied = ProxiedEverything.start(dir);
    }

    @AfterAll
    static void stop() {
        if (proxied != null) {
            proxied.close();
        }
    }

    private static List<String> inspector(String... method) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                INSTALL.resolve("node_modules/.bin/mcp-inspector").toString(),
                                "--cli",
                                proxied.gatewayEndpoint().toString(),
                                "--transport",
                                "http",
                                "--header",
                                "Authorization: Bearer " + proxied.token()));
        command.addAll(List.of(method));
        return command;
    }

    @Test
    void listsTheTargetsToolsThroughTheGateway() throws Exception {
        Result result = run(inspector("--method", "tools/list"), 120);
        assertThat(result.exit()).as(result.tail()).isZero();
        assertThat(result.output()).contains("\"name\": \"echo\"");
    }

    @Test
    void callsATool() throws Exception {
        Result result =
                run(
                        inspector(
                                "--method",
                                "tools/call",
                                "--tool-name",
                                "echo",
                                "--tool-arg",
                                "message=hello"),
                        120);
        assertThat(result.exit()).as(result.tail()).isZero();
        assertThat(result.output()).contains("Echo: hello");
    }

    @Test
    void withoutTheHeaderTheGatewayRefusesIt() throws Exception {
        List<String> command = inspector("--method", "tools/list");
        int header = command.indexOf("--header");
        command.remove(header + 1);
        command.remove(header);
        Result result = run(command, 120);
        assertThat(result.exit()).as(result.tail()).isNotZero();
        assertThat(result.output()).doesNotContain("\"name\": \"echo\"");
    }

    private record Result(int exit, String output) {
        String tail() {
            return output.length() <= 2000 ? output : output.substring(output.length() - 2000);
        }
    }

    private static Result run(List<String> command, int timeoutSeconds)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // Read on this thread until the process closes its output, bounded by the wait below.
        Thread.ofVirtual()
                .start(
                        () -> {
                            try {
                                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                                    process.destroyForcibly();
                                }
                            } catch (InterruptedException e) {
                                process.destroyForcibly();
                            }
                        });
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }
}
