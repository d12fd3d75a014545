package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gateway without any policy says once, at start, that it allows everything. */
class NoPolicyWarningTest {

    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture =
            new Handler() {
                @Override
                public void publish(LogRecord log) {
                    if (log.getLevel().intValue() >= Level.WARNING.intValue()) {
                        warnings.add(log.getMessage());
                    }
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };

    @TempDir Path dir;

    @BeforeEach
    void listen() {
        LOG.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        LOG.removeHandler(capture);
    }

    @Test
    @SuppressWarnings("try") // the gateways only need to start
    void warnsOnceWhenNoPolicyExistsAndNotWhenOneDoes() {
        try (Gateway open = GatewayFixture.start(dir.resolve("open"), "")) {
            assertThat(warnings.stream().filter(w -> w.startsWith("no access policy")))
                    .singleElement()
                    .asString()
                    .contains("every authenticated caller may use every target");
        }
        warnings.clear();
        try (Gateway guarded =
                GatewayFixture.start(
                        dir.resolve("guarded"),
                        "policies: [{ id: p, effect: deny, subjects: [{subject_type: everyone}] }]")) {
            assertThat(warnings).noneMatch(w -> w.startsWith("no access policy"));
        }
    }
}
