package io.reflow.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflow.gateway.target.Resources;
import io.reflow.mcp.api.TransportType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {

    @TempDir Path dir;

    private static final String FULL =
            """
            server: { host: 0.0.0.0, port: 9090, allowed_origins: ["https://app.example"], allowed_hosts: [gw.example] }
            session: { key: "${SESSION_KEY}", timeout: 45m }
            auth:
              admin_tokens: ["${REFLOW_ADMIN_TOKEN}", "${UNSET_TOKEN}"]
              jwt: { hs256_secret: "${JWT_SECRET}", issuer: "https://idp", audience: reflow,
                     claims: { subject: email, role: app_role, groups: teams } }
              allow_anonymous: false
            store: { kind: file, path: /var/lib/reflow }
            encryption: { key: "${ENCRYPTION_KEY}" }
            targets:
              - { name: github, transport_type: streamable-http, url: "${GITHUB_MCP:-http://gh:8080/mcp}" }
            kubernetes:
              enabled: true
              namespace: mcp
              idle_ttl: 10m
              max_instances: 7
            """;

    private static final Map<String, String> ENV =
            Map.of(
                    "SESSION_KEY",
                    "0123456789abcdef0123",
                    "REFLOW_ADMIN_TOKEN",
                    "admin-secret",
                    "JWT_SECRET",
                    "j".repeat(32),
                    "ENCRYPTION_KEY",
                    "ab".repeat(32));

    @Test
    void parsesEveryBlockWithEnvExpansion() {
        GatewayConfig config = GatewayConfig.fromYaml(FULL, ENV);
        assertThat(config.server().port()).isEqualTo(9090);
        assertThat(config.server().allowedHosts()).containsExactly("gw.example");
        assertThat(config.session().key()).isEqualTo("0123456789abcdef0123");
        assertThat(config.session().timeout()).isEqualTo(Duration.ofMinutes(45));
        assertThat(config.auth().adminTokens()).containsExactly("admin-secret");
        assertThat(config.auth().jwt().claims())
                .isEqualTo(new GatewayConfig.Claims("email", "app_role", "teams"));
        assertThat(config.store().path()).isEqualTo(Path.of("/var/lib/reflow"));
        assertThat(config.encryption().key()).hasSize(32);
        assertThat(config.targets())
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.transportType()).isEqualTo(TransportType.STREAMABLE_HTTP);
                            assertThat(t.url()).isEqualTo("http://gh:8080/mcp");
                            assertThat(t.readOnly()).isTrue();
                        });
        assertThat(config.kubernetes().enabled()).isTrue();
        assertThat(config.kubernetes().idleTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.kubernetes().maxLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(config.kubernetes().startupTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.kubernetes().maxInstances()).isEqualTo(7);
    }

    @Test
    void describesEveryFieldOfEveryBlock() {
        GatewayConfig config = GatewayConfig.fromYaml(FULL, ENV);
        List<Record> blocks =
                List.of(
                        config,
                        config.server(),
                        config.session(),
                        config.auth(),
                        config.auth().jwt(),
                        config.auth().jwt().claims(),
                        config.store(),
                        config.encryption(),
                        config.kubernetes(),
                        config.stdio(),
                        config.targets().get(0),
                        new Resources(Map.of("cpu", "1"), Map.of("memory", "1Gi")));
        for (Record block : blocks) {
            String text = block.toString();
            assertThat(text).startsWith(block.getClass().getSimpleName() + "[");
            for (RecordComponent component : block.getClass().getRecordComponents()) {
                assertThat(text)
                        .as(block.getClass().getSimpleName())
                        .contains(component.getName() + "=");
            }
        }
    }

    @Test
    void masksSecretsInItsDescription() {
        String text = GatewayConfig.fromYaml(FULL, ENV).toString();
        assertThat(text)
                .doesNotContain("admin-secret")
                .doesNotContain("0123456789abcdef0123")
                .doesNotContain("jjjjjjjj")
                .contains("****");
    }

    @Test
    void embeddedDefaultBindsLoopbackAndGeneratesAnAdminToken() {
        GatewayConfig config = GatewayConfig.defaults(Map.of("REFLOW_DATA", dir.toString()));
        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.store().path()).isEqualTo(dir);
        assertThat(config.auth().adminTokenGenerated()).isTrue();
        assertThat(config.auth().adminTokens()).singleElement().asString().startsWith("rfl_");
        assertThat(config.kubernetes().enabled()).isFalse();
    }

    @Test
    void embeddedDefaultKeepsItsGeneratedAdminTokenInTheDataDirectory() {
        Map<String, String> env = Map.of("REFLOW_DATA", dir.toString());
        String first = GatewayConfig.defaults(env).auth().adminTokens().get(0);
        assertThat(GatewayConfig.defaults(env).auth().adminTokens()).containsExactly(first);
        assertThat(
                        GatewayConfig.defaults(
                                        Map.of("REFLOW_DATA", dir.resolve("other").toString()))
                                .auth()
                                .adminTokens())
                .doesNotContain(first);
    }

    @Test
    void embeddedDefaultTakesItsPortFromTheEnvironment() {
        Map<String, String> env = Map.of("REFLOW_DATA", dir.toString(), "REFLOW_PORT", "8181");
        assertThat(GatewayConfig.defaults(env).server().port()).isEqualTo(8181);
    }

    @Test
    void embeddedDefaultUsesTheAdminTokenFromTheEnvironment() {
        GatewayConfig config = GatewayConfig.defaults(Map.of("REFLOW_ADMIN_TOKEN", "chosen"));
        assertThat(config.auth().adminTokens()).containsExactly("chosen");
        assertThat(config.auth().adminTokenGenerated()).isFalse();
        assertThat(config.store().path()).isEqualTo(Path.of("./data"));
    }

    @Test
    void namesTheKeyOfABadDuration() {
        assertThatThrownBy(() -> GatewayConfig.fromYaml("kubernetes: { idle_ttl: 5x }", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("kubernetes.idle_ttl: '5x' is not a duration");
    }

    @Test
    void parsesTheStdioBlockWithDefaults() {
        GatewayConfig config =
                GatewayConfig.fromYaml("stdio: { idle_ttl: 5m, max_processes: 3 }", Map.of());
        assertThat(config.stdio().idleTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.stdio().maxLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(config.stdio().gcInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.stdio().maxProcesses()).isEqualTo(3);
        assertBad("stdio: { max_processes: 0 }", "stdio.max_processes:");
        assertBad("stdio: { gc_interval: soon }", "stdio.gc_interval: 'soon' is not a duration");
        assertBad("stdio: { max_proceses: 2 }", "stdio.max_proceses: unknown key");
    }

    @Test
    void namesTheKeyOfOtherBadValues() {
        assertBad("server: { port: 70000 }", "server.port: 70000 is outside 0..65535");
        assertBad("server: { prot: 1 }", "server.prot: unknown key");
        assertBad("store: { kind: redis }", "store.kind: 'redis' is not one of file, kubernetes");
        assertBad("encryption: { key: short }", "encryption.key: must be 32 bytes");
        assertBad("auth: { allow_anonymous: maybe }", "auth.allow_anonymous: 'maybe'");
        assertBad("auth: { jwt: { hs256_secret: short } }", "auth.jwt.hs256_secret:");
        assertBad(
                "targets: [{ name: x, transport_type: streamable-http, url: 'ftp://x' }]",
                "targets[0].url: must be an absolute http(s) URL");
        assertBad(
                "targets: [{ name: x, transport_type: kubernetes, image: a },"
                        + " { name: x, transport_type: kubernetes, image: b }]",
                "targets[1].name: 'x' is defined twice");
        assertBad(
                "targets: [{ name: x, transport_type: streamable-http, url: 'http://x',"
                        + " tool_prefix: 'x y' }]",
                "targets[0].tool_prefix: must be at most 64");
        assertBad("server: [1, 2]", "server: must be a mapping");
        assertBad("server: { host: [", "(file): not valid YAML");
        assertBad(
                "store: { path: \"data\\0dir\" }",
                "store.path: is not a file system path (Nul character not allowed)");
        assertBad(
                "session: { timeout: 9999999999999999d }",
                "session.timeout: '9999999999999999d' is too long a duration");
    }

    @Test
    void readsStreamAndBodyLimitsWithDefaultsAndNamesTheKeyOfABadOne() {
        GatewayConfig.Server defaults = GatewayConfig.fromYaml("{}", Map.of()).server();
        assertThat(defaults.writeTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.maxBodyBytesInFlight()).isEqualTo(64L * 1024 * 1024);
        assertThat(defaults.maxJsonDepth()).isEqualTo(64);
        assertThat(defaults.maxJsonTokens()).isEqualTo(1_000_000);
        assertThat(defaults.streamKeepAliveInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.streamIdleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertBad(
                "server: { max_body_bytes: 2048, max_body_bytes_in_flight: 1024 }",
                "server.max_body_bytes_in_flight: must be at least max_body_bytes (2048)");
        assertBad("server: { write_timeout: 0s }", "server.write_timeout: must be longer than 0s");
        assertBad(
                "server: { stream_keepalive_interval: soon }", "server.stream_keepalive_interval");
        assertBad("server: { max_json_depth: 1 }", "server.max_json_depth");
    }

    private static void assertBad(String yaml, String message) {
        assertThatThrownBy(() -> GatewayConfig.fromYaml(yaml, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }
}
