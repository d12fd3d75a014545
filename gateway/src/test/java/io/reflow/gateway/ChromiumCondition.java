package io.reflow.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Enables a {@link RequiresChromium} class where Chromium ({@code CHROMIUM}, else {@code
 * /usr/bin/chromium}) and playwright-core are there; with {@code CI=true} their absence fails.
 */
final class ChromiumCondition implements ExecutionCondition {

    /** The folder of the console's sources, its npm packages and the browser test script. */
    static final Path UI_DIR = Path.of("src/main/ui");

    /** The Chromium binary the browser tests drive. */
    static Path chromium() {
        String configured = System.getenv("CHROMIUM");
        return Path.of(
                configured != null && !configured.isBlank() ? configured : "/usr/bin/chromium");
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String missing = null;
        if (!Files.isExecutable(chromium())) {
            missing = "no Chromium at " + chromium() + " (apt-get install chromium)";
        } else if (!Files.isRegularFile(
                UI_DIR.resolve("node_modules/playwright-core/package.json"))) {
            missing = "playwright-core is not installed (the Maven build runs npm ci)";
        }
        if (missing == null) {
            return ConditionEvaluationResult.enabled("Chromium at " + chromium());
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI runs the browser tests, but " + missing);
        }
        return ConditionEvaluationResult.disabled(missing);
    }
}
