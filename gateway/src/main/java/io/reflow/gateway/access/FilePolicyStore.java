package io.reflow.gateway.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.target.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * Policies in {@code policies.json} of the data directory, shared by every replica that mounts it.
 * Each write takes a lock file (so two replicas cannot lose each other's change), re-reads the
 * file, and replaces it atomically (temporary file, forced to disk, renamed). Each {@link #list()}
 * costs one {@code stat}: a file whose identity, modification time or size changed is read again,
 * so a change by another replica applies to the next request.
 */
public final class FilePolicyStore implements PolicyStore {

    private static final Logger LOG = Logger.getLogger(FilePolicyStore.class.getName());

    /** The file's name in the data directory. */
    public static final String FILE_NAME = "policies.json";

    // FileChannel.lock is per process: replicas in one JVM (tests) also need a lock per path.
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private volatile Snapshot snapshot;

    /** What was read, and the file attributes it was read at. */
    private record Snapshot(Object fileKey, FileTime modified, long size, List<Policy> policies) {}

    private FilePolicyStore(Path dir) {
        this.file = dir.resolve(FILE_NAME);
        this.lockFile = dir.resolve(FILE_NAME + ".lock");
        this.snapshot = new Snapshot(null, null, -1, List.of());
    }

    /** Opens the store in {@code dir}, creating the directory if needed. */
    public static FilePolicyStore open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
        FilePolicyStore store = new FilePolicyStore(dir.toAbsolutePath().normalize());
        store.refresh(true);
        return store;
    }

    @Override
    public List<Policy> list() {
        refresh(false);
        return snapshot.policies();
    }

    @Override
    public void create(Policy policy) {
        change(
                all -> {
                    if (all.stream().anyMatch(p -> p.id().equals(policy.id()))) {
                        throw PolicyRefusedException.conflict(policy.id());
                    }
                    all.add(policy);
                    return all;
                });
    }

    @Override
    public void update(Policy policy) {
        change(
                all -> {
                    int at = indexOf(all, policy.id());
                    all.set(at, policy);
                    return all;
                });
    }

    @Override
    public void delete(String id) {
        change(
                all -> {
                    all.remove(indexOf(all, id));
                    return all;
                });
    }

    private static int indexOf(List<Policy> all, String id) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id().equals(id)) {
                return i;
            }
        }
        throw PolicyRefusedException.notFound(id);
    }

    /** Applies {@code edit} to the current file content under the lock and writes the result. */
    @SuppressWarnings("try") // the file lock is only taken and released
    private void change(UnaryOperator<List<Policy>> edit) {
        synchronized (LOCKS.computeIfAbsent(file, f -> new Object())) {
            try (FileChannel channel =
                            FileChannel.open(
                                    lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                refresh(true);
                List<Policy> edited = edit.apply(new ArrayList<>(snapshot.policies()));
                writeAtomically(serialize(edited));
                refresh(true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }

    /** Reads the file again when its attributes changed (or always with {@code force}). */
    private void refresh(boolean force) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (snapshot.size() != -1) {
                snapshot = new Snapshot(null, null, -1, List.of());
            }
            return;
        } catch (IOException e) {
            LOG.warning("cannot read the attributes of " + file + ": " + e.getClass().getName());
            return;
        }
        Snapshot seen = snapshot;
        FileTime modified = attributes.lastModifiedTime();
        if (!force
                && Objects.equals(seen.fileKey(), attributes.fileKey())
                && Objects.equals(seen.modified(), modified)
                && seen.size() == attributes.size()) {
            return;
        }
        try {
            List<Policy> policies = parse(Files.readAllBytes(file));
            snapshot = new Snapshot(attributes.fileKey(), modified, attributes.size(), policies);
        } catch (IOException | PolicyValidationException e) {
            // Kept: the last good policies. Only a hand edit can do this (writes are atomic).
            LOG.warning(
                    "cannot read "
                            + file
                            + " (keeping the policies read before): "
                            + e.getClass().getSimpleName());
        }
    }

    private static List<Policy> parse(byte[] bytes) throws IOException {
        JsonNode root = Json.read(bytes);
        List<Policy> policies = new ArrayList<>();
        for (JsonNode node : root.path("policies")) {
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            copy.remove("read_only");
            policies.add(PolicyJson.parse(copy, null, false));
        }
        return List.copyOf(policies);
    }

    private static byte[] serialize(List<Policy> policies) {
        ObjectNode root = Json.object();
        ArrayNode list = root.putArray("policies");
        for (Policy policy : policies) {
            ObjectNode node = PolicyJson.write(policy);
            node.remove("read_only");
            list.add(node);
        }
        return Json.writePretty(root);
    }

    private void writeAtomically(byte[] content) throws IOException {
        AtomicFile.write(file, content);
    }

    @Override
    public void close() {}
}
