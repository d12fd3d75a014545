package io.reflow.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {

    @Test
    void writesTheShutdownLinesInTheConfiguredFormatWithoutTheHandlers() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            OperatorLog.configure(true);
            OperatorLog.atShutdown(
                    Logger.getLogger("io.reflow.operator.Main"),
                    "stopped",
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        } finally {
            OperatorLog.configure(false);
        }
        JsonNode json = new ObjectMapper().readTree(err.toString(StandardCharsets.UTF_8));
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("logger").asText()).isEqualTo("io.reflow.operator.Main");
        assertThat(json.get("message").asText()).isEqualTo("stopped");
    }

    @Test
    void writesOneJsonObjectPerLineWithStructuredFields() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        Logger logger = Logger.getLogger("io.reflow.operator.test");
        logger.setUseParentHandlers(false);
        Handler capture =
                new Handler() {
                    @Override
                    public void publish(LogRecord record) {
                        records.add(record);
                    }

                    @Override
                    public void flush() {}

                    @Override
                    public void close() {}
                };
        logger.addHandler(capture);

        OperatorLog.info(
                logger,
                "deleted instance reflow/a: idle \"long\"\nsecond line",
                "instance",
                "reflow/a",
                "reason",
                "IdleTimeout");
        String line = new JsonLogFormatter().format(records.get(0));

        assertThat(line).endsWith(System.lineSeparator());
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("message").asText())
                .isEqualTo("deleted instance reflow/a: idle \"long\"\nsecond line");
        assertThat(json.get("instance").asText()).isEqualTo("reflow/a");
        assertThat(json.get("reason").asText()).isEqualTo("IdleTimeout");
        assertThat(json.get("time").asText()).endsWith("Z");
        logger.removeHandler(capture);
    }

    @Test
    void plainRecordsKeepTheirFormattedMessage() throws Exception {
        LogRecord record = new LogRecord(Level.WARNING, "value {0}");
        record.setParameters(new Object[] {42});
        record.setLoggerName("x");

        JsonNode json = new ObjectMapper().readTree(new JsonLogFormatter().format(record));

        assertThat(json.get("message").asText()).isEqualTo("value 42");
    }
}
