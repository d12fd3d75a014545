package io.reflow.mcp.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD YAML is the public contract: it must be exactly what the types generate. After
 * changing a type run {@code mvn -pl api -am process-classes -Pupdate-crds}.
 */
class CommittedCrdTest {

    private static final String HOW_TO_FIX =
            "the committed CRD differs from what the api types generate; run "
                    + "`mvn -pl api -am process-classes -Pupdate-crds` and commit the result";

    @Test
    void configCrdBasesMatchTheGeneratedCrds() throws IOException {
        assertCommittedCopyMatches(Path.of(System.getProperty("crd.committed.bases")));
    }

    @Test
    void chartCrdsMatchTheGeneratedCrds() throws IOException {
        assertCommittedCopyMatches(Path.of(System.getProperty("crd.committed.chart")));
    }

    private static void assertCommittedCopyMatches(Path committedDir) throws IOException {
        List<Path> generated = generatedCrds();
        assertThat(generated).as("generated CRDs").hasSize(3);
        for (Path crd : generated) {
            Path committed = committedDir.resolve(crd.getFileName());
            assertThat(committed).as(HOW_TO_FIX + " (missing " + committed + ")").exists();
            assertThat(Files.readString(committed))
                    .as(HOW_TO_FIX + " (" + committed + ")")
                    .isEqualTo(Files.readString(crd));
        }
        try (Stream<Path> files = Files.list(committedDir)) {
            assertThat(files.filter(f -> f.toString().endsWith("-v1.yml")).count())
                    .as("no stale CRD files in " + committedDir)
                    .isEqualTo(generated.size());
        }
    }

    static List<Path> generatedCrds() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("crd.generated.dir")))) {
            return files.filter(f -> f.toString().endsWith("-v1.yml")).sorted().toList();
        }
    }
}
