package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.gateway.config.GatewayConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's sign-in through a real OpenID Connect provider (panva's oidc-provider, the script
 * {@code src/main/ui/test/oidc-provider.mjs}) in Chromium ({@code console-oidc.test.mjs}): the
 * gateway verifies the provider's RS256 access tokens through its JWKS, with the issuer and, as
 * OAuth is on, the gateway's resource as audience. Alice logs in at the provider's page and is back
 * in the console as herself; a cancelled login and a forged answer show errors; axe checks and
 * screenshots under {@code target/ui-screenshots/}.
 */
@RequiresChromium
class ConsoleOidcBrowserTest {

    @TempDir Path dir;
    Process provider;
    Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        int port = freePort();
        String origin = "http://127.0.0.1:" + port;
        String issuer = startProvider(origin);
        String yaml =
                """
                server: { host: 127.0.0.1, port: %d }
                auth:
                  admin_tokens: ["%s"]
                  jwt: { jwks_url: "%s/jwks", issuer: "%s" }
                  oauth: { resource: "%s/mcp" }
                store: { kind: file, path: "%s" }
                encryption: { key: "%s" }
                ui:
                  oidc: { client_id: reflow-console, scopes: [openid, mcp] }
                """
                        .formatted(
                                port,
                                GatewayFixture.ADMIN_TOKEN,
                                issuer,
                                issuer,
                                origin,
                                dir.resolve("data"),
                                "A".repeat(43) + "=");
        gateway = Gateway.start(GatewayConfig.fromYaml(yaml, Map.of()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts the provider for the gateway at {@code origin}; answers its issuer URL. */
    private String startProvider(String origin) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder("node", "test/oidc-provider.mjs")
                        .directory(ChromiumCondition.UI_DIR.toFile())
                        .redirectError(dir.resolve("provider.log").toFile());
        builder.environment().put("GATEWAY_URL", origin);
        builder.environment().put("CLIENT_ID", "reflow-console");
        provider = builder.start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(provider.getInputStream(), StandardCharsets.UTF_8));
        String line =
                CompletableFuture.supplyAsync(
                                () -> {
                                    try {
                                        return out.readLine();
                                    } catch (IOException e) {
                                        return null;
                                    }
                                })
                        .get(30, TimeUnit.SECONDS);
        assertThat(line)
                .as(Files.readString(dir.resolve("provider.log")))
                .startsWith("issuer http://127.0.0.1:");
        return line.substring("issuer ".length());
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (gateway != null) {
            gateway.close();
        }
        if (provider != null) {
            provider.destroy();
            provider.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aliceSignsInAtTheIdentityProviderInChromium() throws IOException, InterruptedException {
        Path log = dir.resolve("browser.log");
        ProcessBuilder builder =
                new ProcessBuilder("node", "test/console-oidc.test.mjs")
                        .directory(ChromiumCondition.UI_DIR.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("BASE_URL", gateway.baseUri().toString());
        env.put("SCREENSHOTS", Path.of("target/ui-screenshots").toAbsolutePath().toString());
        env.put("CHROMIUM", ChromiumCondition.chromium().toString());
        Process browser = builder.start();
        boolean ended = browser.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            browser.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(ended).as("the browser test ended within 3 minutes:\n" + output).isTrue();
        assertThat(browser.exitValue()).as(output).isZero();
        assertThat(output).contains("6 passed, 0 failed");
    }
}
