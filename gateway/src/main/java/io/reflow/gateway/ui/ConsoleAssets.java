package io.reflow.gateway.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's files, read once from the jar's {@code ui/} folder. The build writes {@code
 * ui/files.txt} naming every file, so only those names are ever served: no path from a request
 * reaches the class loader.
 */
public final class ConsoleAssets {

    /** One file: its bytes and the headers that depend on it. */
    record Asset(byte[] body, String contentType, boolean immutable) {}

    private static final String ROOT = "/ui/";
    private static final Map<String, String> TYPES =
            Map.of(
                    "html", "text/html; charset=utf-8",
                    "js", "text/javascript; charset=utf-8",
                    "css", "text/css; charset=utf-8",
                    "svg", "image/svg+xml",
                    "png", "image/png",
                    "ico", "image/x-icon",
                    "map", "application/json");

    private final Map<String, Asset> assets;

    private ConsoleAssets(Map<String, Asset> assets) {
        this.assets = Map.copyOf(assets);
    }

    /** Loads the files the build listed; none when the console was not built into the jar. */
    public static ConsoleAssets load() {
        String list = read("files.txt").map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        Map<String, Asset> assets = new HashMap<>();
        for (String line : list.split("\n")) {
            String name = line.strip();
            if (name.isEmpty()) {
                continue;
            }
            byte[] body =
                    read(name)
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "ui/files.txt names " + name + ", not in jar"));
            String ext = name.substring(name.lastIndexOf('.') + 1);
            // The build names every file but the page itself by its content hash.
            assets.put(
                    name,
                    new Asset(
                            body,
                            TYPES.getOrDefault(ext, "application/octet-stream"),
                            !name.equals("index.html")));
        }
        return new ConsoleAssets(assets);
    }

    /** Whether the jar holds a console. */
    public boolean built() {
        return assets.containsKey("index.html");
    }

    /** The file of that name (relative to {@code /ui/}), if the build made one. */
    Optional<Asset> get(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    private static Optional<byte[]> read(String name) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(ROOT + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
