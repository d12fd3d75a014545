package io.reflow.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflow.gateway.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The target and instance of the logging thread in JSON and text lines. */
@SuppressWarnings("try") // scopes are opened and closed, not referenced
class LogContextTest {

    private static LogRecord record(String message) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setLoggerName("io.reflow.gateway.test");
        return record;
    }

    private static JsonNode json(LogRecord record) throws Exception {
        return Json.read(new JsonLogFormatter().format(record).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void linesInAScopeCarryTheTargetAndInstance() throws Exception {
        try (LogContext.Scope scope = LogContext.target("github")) {
            LogContext.instance("github-0a1b2c3d4e");
            JsonNode line = json(record("created"));
            assertThat(line.path("target").asText()).isEqualTo("github");
            assertThat(line.path("instance").asText()).isEqualTo("github-0a1b2c3d4e");
            assertThat(new TextLogFormatter().format(record("created")))
                    .contains("created target=github instance=github-0a1b2c3d4e");
        }
    }

    @Test
    void workOutsideARequestNamesItsTargetAndInstanceOnlyWhileItRuns() throws Exception {
        JsonNode[] inside = new JsonNode[1];
        LogContext.with(
                "github",
                "github-0a1b2c3d4e",
                () -> {
                    try {
                        inside[0] = json(record("cannot record activity"));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        assertThat(inside[0].path("target").asText()).isEqualTo("github");
        assertThat(inside[0].path("instance").asText()).isEqualTo("github-0a1b2c3d4e");
        assertThat(LogContext.current()).isEmpty();
        LogContext.with(
                null,
                "only-an-instance",
                () -> {
                    assertThat(LogContext.current()).containsOnlyKeys("instance");
                });
    }

    @Test
    void aClosedScopeRestoresWhatWasThereBefore() throws Exception {
        try (LogContext.Scope outer = LogContext.target("a")) {
            try (LogContext.Scope inner = LogContext.target("b")) {
                assertThat(LogContext.current()).containsEntry("target", "b");
            }
            assertThat(LogContext.current())
                    .containsExactlyEntriesOf(java.util.Map.of("target", "a"));
        }
        assertThat(LogContext.current()).isEmpty();
        JsonNode line = json(record("outside"));
        assertThat(line.has("target")).isFalse();
        assertThat(new TextLogFormatter().format(record("outside"))).doesNotContain("target=");
        LogContext.instance("ignored-outside-a-scope");
        assertThat(LogContext.current()).isEmpty();
    }

    @Test
    void aTargetFromTheRequestPathCannotForgeALineOrAField() {
        String forged = "x\ninstance=evil " + "y".repeat(500);
        try (LogContext.Scope scope = LogContext.target(forged)) {
            String text = new TextLogFormatter().format(record("m"));
            // One message line, and no " instance=" token a key=value parser would split off.
            assertThat(text.lines().filter(l -> l.contains("evil"))).hasSize(1);
            assertThat(text).doesNotContain(" instance=");
            assertThat(LogContext.current().get("target"))
                    .startsWith("x?instance=evil?")
                    .hasSize(LogContext.MAX_VALUE);
        }
    }
}
