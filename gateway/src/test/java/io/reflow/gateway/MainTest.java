package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflow.gateway.config.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir Path dir;

    @Test
    void readsTheFileFromTheFlagOrTheEnvironment() throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, "server: { port: 9191 }");
        assertThat(Main.load(new String[] {"--config", file.toString()}, Map.of()).server().port())
                .isEqualTo(9191);
        assertThat(
                        Main.load(new String[0], Map.of("REFLOW_CONFIG", file.toString()))
                                .server()
                                .port())
                .isEqualTo(9191);
    }

    @Test
    void fallsBackToTheEmbeddedDefaultWithoutAFile() {
        assertThat(
                        Main.load(new String[0], Map.of("REFLOW_DATA", dir.toString()))
                                .auth()
                                .adminTokenGenerated())
                .isTrue();
    }

    @Test
    void refusesAnInvalidFileNamingTheKey() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "session: { timeout: soon }");
        assertThatThrownBy(() -> Main.load(new String[] {"--config=" + file}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("session.timeout: 'soon' is not a duration");
        assertThatThrownBy(
                        () -> Main.load(new String[] {"--config", "/nonexistent.yaml"}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read /nonexistent.yaml");
        assertThatThrownBy(() -> Main.load(new String[] {"--verbose"}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown argument '--verbose'");
    }

    @Test
    void printsUsageForHelpAndExits() {
        Output output = new Output();
        Main.Launch launch =
                Main.launch(new String[] {"--help"}, Map.of(), output.out(), output.err());
        assertThat(launch.gateway()).isNull();
        assertThat(launch.exitCode()).isZero();
        assertThat(output.out.toString())
                .startsWith("Usage: reflow-gateway [--config FILE] | --help | --version")
                .contains("REFLOW_ADMIN_TOKEN", "admin-token", "Exit codes");
        assertThat(output.err.toString()).isEmpty();
    }

    @Test
    void printsTheProjectVersionAndExits() {
        Output output = new Output();
        Main.Launch launch =
                Main.launch(
                        new String[] {"--config", "ignored.yaml", "--version"},
                        Map.of(),
                        output.out(),
                        output.err());
        assertThat(launch.gateway()).isNull();
        assertThat(launch.exitCode()).isZero();
        // The Maven project version, filtered into the jar: never the unfiltered placeholder.
        assertThat(output.out.toString()).matches("reflow-gateway \\d+\\.\\d+\\.\\d+\\S*\\R");
    }

    @Test
    void refusesAnUnknownArgumentWithExitCode2() {
        Output output = new Output();
        Main.Launch launch =
                Main.launch(new String[] {"--verbose"}, Map.of(), output.out(), output.err());
        assertThat(launch.exitCode()).isEqualTo(2);
        assertThat(output.err.toString())
                .isEqualTo(
                        "invalid config: (arguments): unknown argument '--verbose'; usage:"
                                + " --config FILE | --help | --version"
                                + System.lineSeparator());
        assertThat(output.out.toString()).isEmpty();
    }

    /** Captured stdout and stderr of one launch. */
    private static final class Output {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        PrintStream out() {
            return new PrintStream(out, true, StandardCharsets.UTF_8);
        }

        PrintStream err() {
            return new PrintStream(err, true, StandardCharsets.UTF_8);
        }
    }
}
