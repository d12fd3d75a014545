package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflow.gateway.config.ConfigException;
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
        assertThat(Main.load(new String[0], Map.of()).auth().adminTokenGenerated()).isTrue();
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
}
