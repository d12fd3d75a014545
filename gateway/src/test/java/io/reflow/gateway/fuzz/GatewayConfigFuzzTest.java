package io.reflow.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.reflow.gateway.config.ConfigException;
import io.reflow.gateway.config.GatewayConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The config file: any text, YAML or not, with {@code ${ENV}} references or not, gives a config or
 * a {@link ConfigException} whose message starts with the key at fault, never another exception.
 */
class GatewayConfigFuzzTest {

    private static final int MAX_INPUT = 64 * 1024;

    /**
     * Starts with a section's key ({@code server.port: ...}, {@code targets[0].url: ...}), the file
     * or its root, or names an unknown key, whatever characters that key has.
     */
    private static final Pattern NAMES_A_KEY =
            Pattern.compile(
                    "^((server|session|auth|store|encryption|targets|kubernetes|stdio|policies|audit|tracing|ui)[.:\\[]"
                            + "|\\(file\\): |\\(root\\): |.*: unknown key \\(known keys: ).*",
                    Pattern.DOTALL);

    private static final Map<String, String> ENV =
            Map.of(
                    "SESSION_KEY", "a-session-key-of-32-characters!!",
                    "JWT_SECRET", "a-jwt-secret-that-is-32-bytes-long",
                    "ENCRYPTION_KEY",
                            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                    "PORT", "8081",
                    "EMPTY", "",
                    "REFLOW_DATA", "./fuzz-data");

    /** Parses the fuzzed file with a fixed environment. */
    @FuzzTest
    void parsesOrNamesTheKeyAtFault(byte[] file) {
        if (file.length > MAX_INPUT) {
            return;
        }
        String yaml = new String(file, StandardCharsets.UTF_8);
        GatewayConfig config;
        try {
            config = GatewayConfig.fromYaml(yaml, ENV);
        } catch (ConfigException refused) {
            assertThat(refused.getMessage()).matches(NAMES_A_KEY);
            return;
        }
        assertThat(config.server().port()).isBetween(0, 65535);
        assertThat(config.session().timeout()).isPositive();
    }
}
