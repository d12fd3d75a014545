package io.reflow.install;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the repository the tests check: the chart and the kubectl manifests. */
final class Repository {

    private Repository() {}

    /** The repository root (the build passes it as {@code reflow.root}). */
    static Path root() {
        String root = System.getProperty("reflow.root");
        Path path = root == null ? Path.of("..") : Path.of(root);
        path = path.toAbsolutePath().normalize();
        if (!Files.isDirectory(path.resolve("chart"))) {
            throw new IllegalStateException("no chart/ under " + path + " (set -Dreflow.root)");
        }
        return path;
    }

    /** The Helm chart. */
    static Path chart() {
        return root().resolve("chart");
    }

    /** A directory under {@code config/}. */
    static Path config(String directory) {
        return root().resolve("config").resolve(directory);
    }
}
