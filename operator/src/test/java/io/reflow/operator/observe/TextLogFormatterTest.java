package io.reflow.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Text lines carry a record's structured fields as a {@code name=value} suffix. */
class TextLogFormatterTest {

    private static LogRecord logged(String message, String... fields) {
        List<LogRecord> records = new ArrayList<>();
        Logger logger = Logger.getLogger("io.reflow.operator.text-test");
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
        try {
            OperatorLog.info(logger, message, fields);
        } finally {
            logger.removeHandler(capture);
        }
        return records.get(0);
    }

    @Test
    void appendsInstanceAndTargetToTheMessage() {
        String line =
                new TextLogFormatter()
                        .format(
                                logged(
                                        "created Pod reflow/github-0a1b2c3d4e",
                                        "instance",
                                        "reflow/github-0a1b2c3d4e",
                                        "target",
                                        "github"));
        assertThat(line)
                .contains(
                        "created Pod reflow/github-0a1b2c3d4e instance=reflow/github-0a1b2c3d4e"
                                + " target=github");
        assertThat(line.strip()).doesNotContain("\n");
    }

    @Test
    void leavesOutFieldsWithoutAValue() {
        String line =
                new TextLogFormatter().format(logged("m", "instance", "reflow/a", "target", null));
        assertThat(line).contains("m instance=reflow/a").doesNotContain("target=");
    }
}
