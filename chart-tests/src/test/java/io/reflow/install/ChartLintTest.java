package io.reflow.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chart passes {@code helm lint --strict} and ships the generated CRDs unchanged. */
class ChartLintTest {

    @Test
    void lintsWithoutWarningsInStrictMode() {
        LintResult result = HelmChart.lintStrict();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages())
                .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void shipsCrdsIdenticalToTheGeneratedOnes() throws IOException {
        Path chartCrds = Repository.chart().resolve("crds");
        Path generated = Repository.config("crd/bases");
        List<String> names = fileNames(generated);

        assertThat(names).isNotEmpty();
        assertThat(fileNames(chartCrds)).isEqualTo(names);
        for (String name : names) {
            assertThat(chartCrds.resolve(name))
                    .as(name)
                    .hasSameBinaryContentAs(generated.resolve(name));
        }
    }

    @Test
    void keepsTheCrdsOutOfTheTemplates() throws IOException {
        try (Stream<Path> files = Files.walk(Repository.chart().resolve("templates"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file))
                        .as(file.toString())
                        .doesNotContain("CustomResourceDefinition");
            }
        }
    }

    private static List<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
