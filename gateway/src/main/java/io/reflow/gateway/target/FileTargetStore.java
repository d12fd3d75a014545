package io.reflow.gateway.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.crypto.Aead;
import io.reflow.gateway.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code store.kind: file}: targets and env configs in one JSON file ({@code targets.json}) under
 * the data directory. Env values are sealed with AES-256-GCM, bound to their target, scope and key.
 * Every change is written to a temporary file, forced to disk and renamed over the old one, so a
 * crash leaves either the old or the new state; a file that cannot be read is reported at start.
 */
public final class FileTargetStore implements TargetStore {

    /** Name of the data file inside the data directory. */
    public static final String FILE_NAME = "targets.json";

    private final Path file;
    private final Aead aead;
    private final TreeMap<String, Target> targets = new TreeMap<>();
    private final Map<String, Map<EnvScope, Map<String, String>>> env = new TreeMap<>();

    private FileTargetStore(Path file, Aead aead) {
        this.file = file;
        this.aead = aead;
    }

    /**
     * Opens (or creates) the store in {@code dir}.
     *
     * @throws StoreCorruptException when the file exists but cannot be parsed or decrypted
     */
    public static FileTargetStore open(Path dir, byte[] encryptionKey) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("store.path: cannot create " + dir, e);
        }
        FileTargetStore store =
                new FileTargetStore(dir.resolve(FILE_NAME), new Aead(encryptionKey));
        store.load();
        return store;
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            JsonNode root = Json.read(Files.readAllBytes(file));
            if (root == null || !root.isObject() || !root.path("targets").isArray()) {
                throw new IOException("missing 'targets' list");
            }
            for (JsonNode node : root.get("targets")) {
                Target target = TargetJson.parse(node, false);
                targets.put(target.name(), target);
            }
            root.path("env").properties().forEach(e -> loadEnv(e.getKey(), e.getValue()));
        } catch (IOException | RuntimeException e) {
            throw new StoreCorruptException(
                    "store.path: "
                            + file
                            + " is corrupt or was written with another key: "
                            + e.getMessage(),
                    e);
        }
    }

    private void loadEnv(String target, JsonNode scopes) {
        Map<EnvScope, Map<String, String>> byScope = new LinkedHashMap<>();
        scopes.properties()
                .forEach(
                        scopeEntry -> {
                            EnvScope scope =
                                    EnvScopes.parse(scopeEntry.getKey())
                                            .orElseThrow(
                                                    () ->
                                                            new IllegalStateException(
                                                                    "unknown env scope "
                                                                            + scopeEntry.getKey()));
                            Map<String, String> values = new TreeMap<>();
                            scopeEntry
                                    .getValue()
                                    .properties()
                                    .forEach(
                                            v ->
                                                    values.put(
                                                            v.getKey(),
                                                            unseal(
                                                                    target,
                                                                    scope,
                                                                    v.getKey(),
                                                                    v.getValue().asText())));
                            byScope.put(scope, values);
                        });
        env.put(target, byScope);
    }

    private String unseal(String target, EnvScope scope, String key, String sealed) {
        byte[] plain =
                aead.open(sealed, associated(target, scope, key))
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "env value "
                                                        + target
                                                        + "/"
                                                        + EnvScopes.path(scope)
                                                        + "/"
                                                        + key
                                                        + " cannot be decrypted (wrong"
                                                        + " encryption.key?)"));
        return new String(plain, StandardCharsets.UTF_8);
    }

    private static String associated(String target, EnvScope scope, String key) {
        return "env:" + target + ":" + EnvScopes.path(scope) + ":" + key;
    }

    @Override
    public synchronized List<Target> list() {
        return List.copyOf(targets.values());
    }

    @Override
    public synchronized Optional<Target> find(String id) {
        return Optional.ofNullable(targets.get(id));
    }

    @Override
    public synchronized Target create(Target target) {
        if (targets.containsKey(target.name())) {
            throw new TargetConflictException(target.name());
        }
        targets.put(target.name(), target);
        persistOrUndo(() -> targets.remove(target.name()));
        return target;
    }

    @Override
    public synchronized Target update(Target target) {
        Target before = targets.get(target.name());
        if (before == null) {
            throw new TargetNotFoundException(target.name());
        }
        targets.put(target.name(), target);
        persistOrUndo(() -> targets.put(before.name(), before));
        return target;
    }

    @Override
    public synchronized boolean delete(String id) {
        Target before = targets.remove(id);
        if (before == null) {
            return false;
        }
        Map<EnvScope, Map<String, String>> envBefore = env.remove(id);
        persistOrUndo(
                () -> {
                    targets.put(id, before);
                    if (envBefore != null) {
                        env.put(id, envBefore);
                    }
                });
        return true;
    }

    @Override
    public synchronized Map<EnvScope, Map<String, String>> envConfigs(String targetId) {
        Map<EnvScope, Map<String, String>> copy = new LinkedHashMap<>();
        env.getOrDefault(targetId, Map.of()).forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        return copy;
    }

    @Override
    public synchronized void putEnv(String targetId, EnvScope scope, Map<String, String> values) {
        if (!targets.containsKey(targetId)) {
            throw new TargetNotFoundException(targetId);
        }
        Map<EnvScope, Map<String, String>> byScope =
                env.computeIfAbsent(targetId, id -> new LinkedHashMap<>());
        Map<String, String> before = byScope.put(scope, new TreeMap<>(values));
        persistOrUndo(() -> restore(byScope, scope, before));
    }

    @Override
    public synchronized boolean deleteEnv(String targetId, EnvScope scope) {
        Map<EnvScope, Map<String, String>> byScope = env.get(targetId);
        if (byScope == null || !byScope.containsKey(scope)) {
            return false;
        }
        Map<String, String> before = byScope.remove(scope);
        persistOrUndo(() -> byScope.put(scope, before));
        return true;
    }

    private static void restore(
            Map<EnvScope, Map<String, String>> byScope,
            EnvScope scope,
            Map<String, String> before) {
        if (before == null) {
            byScope.remove(scope);
        } else {
            byScope.put(scope, before);
        }
    }

    private void persistOrUndo(Runnable undo) {
        try {
            writeAtomically(render());
        } catch (IOException e) {
            undo.run();
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private byte[] render() throws IOException {
        ObjectNode root = Json.object();
        root.put("version", 1);
        var list = root.putArray("targets");
        targets.values().forEach(t -> list.add(TargetJson.write(t)));
        ObjectNode envNode = root.putObject("env");
        env.forEach(
                (target, scopes) -> {
                    ObjectNode targetNode = envNode.putObject(target);
                    scopes.forEach(
                            (scope, values) -> {
                                ObjectNode scopeNode = targetNode.putObject(EnvScopes.path(scope));
                                values.forEach(
                                        (key, value) ->
                                                scopeNode.put(
                                                        key,
                                                        aead.seal(
                                                                value.getBytes(
                                                                        StandardCharsets.UTF_8),
                                                                associated(target, scope, key))));
                            });
                });
        return Json.writePretty(root);
    }

    private void writeAtomically(byte[] content) throws IOException {
        AtomicFile.write(file, content);
    }

    @Override
    public void close() {}
}
