package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default as a newcomer runs it: started twice, on a busy port, with JSON logs, and
 * stopped.
 */
class StartAndRestartTest {

    private static final Pattern TOKEN = Pattern.compile("Admin token \\(kept in (.+?);.*: (\\S+)");

    @TempDir Path dir;

    @Test
    void secondGatewayOnABusyPortExitsWithOneLineNamingThePortAndNoToken() throws Exception {
        try (ServerSocket first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = first.getLocalPort();
            // A real process: everything it prints is what a user sees.
            ProcessBuilder builder = gatewayProcess();
            builder.environment().put("REFLOW_PORT", Integer.toString(port));
            Process process = builder.start();

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(Files.readString(dir.resolve("stdout"))).isEmpty();
            assertThat(Files.readAllLines(dir.resolve("stderr")))
                    .singleElement()
                    .asString()
                    .startsWith("port " + port + " on 127.0.0.1 is already in use")
                    .doesNotContain("rfl_");
        }
    }

    @Test
    void jsonLogFormatWritesEveryLogLineAsJsonUpToTheShutdownLines() throws Exception {
        ProcessBuilder builder = gatewayProcess();
        builder.environment().put("REFLOW_PORT", "0");
        builder.environment().put("REFLOW_LOG_FORMAT", "json");
        Process process = builder.start();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Files.readString(dir.resolve("stdout")).contains("listening on"));
        } finally {
            process.destroy(); // SIGTERM, as Kubernetes stops a pod
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        List<String> lines = Files.readAllLines(dir.resolve("stderr"));
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines) {
            assertThat(line).as("every line of %s", lines).startsWith("{");
            JsonNode record = json.readTree(line);
            assertThat(record.isObject()).as(line).isTrue();
            assertThat(record.path("level").asText()).as(line).isNotEmpty();
            records.add(record);
        }
        assertThat(records).extracting(r -> r.path("message").asText()).contains("stopped");
        assertThat(records.get(records.size() - 1).path("message").asText()).isEqualTo("stopped");
        assertThat(records.get(0).path("message").asText()).startsWith("starting with");
    }

    @Test
    void anUnknownLogFormatIsAConfigErrorNamingTheVariable() throws Exception {
        ProcessBuilder builder = gatewayProcess();
        builder.environment().put("REFLOW_LOG_FORMAT", "xml");
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readAllLines(dir.resolve("stderr")))
                .containsExactly("invalid config: REFLOW_LOG_FORMAT: 'xml' is not json or text");
    }

    /** The gateway as its own process, as the README starts it, output into files in dir. */
    private ProcessBuilder gatewayProcess() {
        ProcessBuilder builder =
                new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName());
        builder.environment().remove("REFLOW_ADMIN_TOKEN");
        builder.environment().remove("REFLOW_CONFIG");
        builder.environment().remove("REFLOW_LOG_FORMAT");
        builder.environment().put("REFLOW_DATA", dir.resolve("data").toString());
        builder.redirectOutput(dir.resolve("stdout").toFile());
        builder.redirectError(dir.resolve("stderr").toFile());
        return builder;
    }

    @Test
    void restartKeepsThePrintedAdminTokenWorking() throws Exception {
        Map<String, String> env =
                Map.of("REFLOW_PORT", "0", "REFLOW_DATA", dir.resolve("data").toString());

        String first = startCallAndStop(env);
        String second = startCallAndStop(env);

        assertThat(second).isEqualTo(first);
        Path file = dir.resolve("data").resolve("admin-token");
        assertThat(Files.readString(file).trim()).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    /** Starts the embedded default, checks its printed token lists targets, and stops it. */
    private String startCallAndStop(Map<String, String> env) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main.Launch launch =
                Main.launch(
                        new String[0],
                        env,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        try (Gateway gateway = launch.gateway()) {
            assertThat(gateway).as("started; stderr: %s", err).isNotNull();
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(2);
            Matcher printed = TOKEN.matcher(lines.get(0));
            assertThat(printed.matches()).as(lines.get(0)).isTrue();
            assertThat(printed.group(1)).isEqualTo(env.get("REFLOW_DATA") + "/admin-token");
            HttpResponse<String> targets =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(gateway.baseUri() + "/api/targets"))
                                            .header("Authorization", "Bearer " + printed.group(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(targets.statusCode()).isEqualTo(200);
            return printed.group(2);
        }
    }
}
