package io.reflow.gateway.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflow.mcp.api.TransportType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTargetStoreTest {

    private static final byte[] KEY = new byte[32];
    private static final Target GITHUB =
            new Target(
                    "github",
                    TransportType.STREAMABLE_HTTP,
                    "http://gh/mcp",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    false);

    @TempDir Path dir;

    @Test
    void keepsTargetsAndEnvAcrossReopening() {
        try (FileTargetStore store = FileTargetStore.open(dir, KEY)) {
            store.create(GITHUB);
            store.putEnv("github", EnvScope.role("dev"), Map.of("AUTH_TOKEN", "s3cr3t-value"));
        }
        try (FileTargetStore reopened = FileTargetStore.open(dir, KEY)) {
            assertThat(reopened.list()).containsExactly(GITHUB);
            assertThat(reopened.envConfigs("github"))
                    .containsEntry(EnvScope.role("dev"), Map.of("AUTH_TOKEN", "s3cr3t-value"));
        }
    }

    @Test
    void writesNoPlainEnvValuesAndNoLeftoverTempFiles() throws Exception {
        try (FileTargetStore store = FileTargetStore.open(dir, KEY)) {
            store.create(GITHUB);
            store.putEnv("github", EnvScope.DEFAULT, Map.of("AUTH_TOKEN", "s3cr3t-value"));
        }
        assertThat(Files.readString(dir.resolve(FileTargetStore.FILE_NAME)))
                .doesNotContain("s3cr3t-value");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactly(FileTargetStore.FILE_NAME);
        }
    }

    @Test
    void reportsACorruptFileInsteadOfStartingEmpty() throws Exception {
        Files.writeString(dir.resolve(FileTargetStore.FILE_NAME), "{\"targets\": [ {\"na");
        assertThatThrownBy(() -> FileTargetStore.open(dir, KEY))
                .isInstanceOf(StoreCorruptException.class)
                .hasMessageContaining("targets.json is corrupt");
    }

    @Test
    void reportsEnvValuesSealedWithAnotherKey() {
        try (FileTargetStore store = FileTargetStore.open(dir, KEY)) {
            store.create(GITHUB);
            store.putEnv("github", EnvScope.DEFAULT, Map.of("AUTH_TOKEN", "x"));
        }
        byte[] other = new byte[32];
        Arrays.fill(other, (byte) 1);
        assertThatThrownBy(() -> FileTargetStore.open(dir, other))
                .isInstanceOf(StoreCorruptException.class)
                .hasMessageContaining("wrong encryption.key");
    }

    @Test
    void rejectsDuplicatesAndUnknownTargets() {
        try (FileTargetStore store = FileTargetStore.open(dir, KEY)) {
            store.create(GITHUB);
            assertThatThrownBy(() -> store.create(GITHUB))
                    .isInstanceOf(TargetConflictException.class);
            assertThatThrownBy(() -> store.putEnv("nope", EnvScope.DEFAULT, Map.of()))
                    .isInstanceOf(TargetNotFoundException.class);
            assertThat(store.delete("nope")).isFalse();
            assertThat(store.delete("github")).isTrue();
            assertThat(store.list()).isEmpty();
        }
    }
}
