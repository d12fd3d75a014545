package io.reflow.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Folders of this repository the suite installs from. */
final class Repository {

    private Repository() {}

    /** {@code config/} of this repository, found above the working directory. */
    static Path config() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("config/crd/bases"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("config/crd/bases not found above the working dir");
        }
        return dir.resolve("config");
    }

    /** {@code config/crd/bases}: the generated CRDs. */
    static Path crdDirectory() {
        return config().resolve("crd/bases");
    }
}
