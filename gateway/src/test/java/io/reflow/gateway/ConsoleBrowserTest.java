package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.gateway.config.GatewayConfig;
import io.reflow.testing.ReferenceMcpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real browser: Debian's Chromium driven by playwright-core (the script {@code
 * src/main/ui/test/console.test.mjs}) against a real gateway with a static streamable-http target
 * (the reference MCP server) and a stdio target the script creates through the console. Sign-in,
 * field errors, env configs, live instances, restarts, the user's view, policies, what an identity
 * may use (the admin's check and a user's My targets), the audit log, axe-core checks and
 * screenshots under {@code target/ui-screenshots/}.
 */
@RequiresChromium
class ConsoleBrowserTest {

    @TempDir Path dir;
    ReferenceMcpServer upstream;
    Gateway gateway;

    @BeforeEach
    void start() {
        upstream = ReferenceMcpServer.start();
        Map<String, String> environment =
                Map.of("PATH", System.getenv("PATH"), "HOME", System.getProperty("user.home"));
        gateway =
                Gateway.start(
                        GatewayConfig.fromYaml(
                                GatewayFixture.yaml(
                                        dir,
                                        GatewayFixture.staticTarget(
                                                "everything", upstream.mcpUri())),
                                Map.of()),
                        null,
                        environment,
                        Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void adminAndUserTasksPassInChromium() throws IOException, InterruptedException {
        Path log = dir.resolve("browser.log");
        ProcessBuilder builder =
                new ProcessBuilder("node", "test/console.test.mjs")
                        .directory(ChromiumCondition.UI_DIR.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("BASE_URL", gateway.baseUri().toString());
        env.put("ADMIN_TOKEN", GatewayFixture.ADMIN_TOKEN);
        env.put("ALICE_TOKEN", GatewayFixture.userToken("alice"));
        env.put("BOB_TOKEN", GatewayFixture.userToken("bob"));
        env.put("SERVERS_DIR", ReferenceMcpServer.serversDir().toAbsolutePath().toString());
        env.put("SCREENSHOTS", Path.of("target/ui-screenshots").toAbsolutePath().toString());
        env.put("CHROMIUM", ChromiumCondition.chromium().toString());
        Process browser = builder.start();
        boolean ended = browser.waitFor(4, TimeUnit.MINUTES);
        if (!ended) {
            browser.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(ended).as("the browser test ended within 4 minutes:\n" + output).isTrue();
        assertThat(browser.exitValue()).as(output).isZero();
        assertThat(output).contains("19 passed, 0 failed");
    }
}
