package io.reflow.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The repository's root directory, found from a test's working directory (Maven runs each module's
 * tests in that module's directory): the nearest directory at or above it holding {@code
 * config/crd/bases}.
 */
public final class RepositoryRoot {

    private RepositoryRoot() {}

    /** The root, or empty when the working directory is outside the repository. */
    public static Optional<Path> find() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("config/crd/bases"))) {
            dir = dir.getParent();
        }
        return Optional.ofNullable(dir);
    }

    /** The root; fails naming what it looked for when the working directory is outside it. */
    public static Path require() {
        return find().orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "config/crd/bases not found above the working directory"));
    }
}
