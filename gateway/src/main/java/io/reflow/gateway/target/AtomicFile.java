package io.reflow.gateway.target;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that a crash leaves either the old or the new content, never a part: the new
 * content goes to a temporary file in the same directory, is forced to disk, renamed over the file
 * atomically, and the directory is forced so the rename itself survives. Used by the file stores of
 * targets and policies.
 */
public final class AtomicFile {

    private AtomicFile() {}

    /**
     * Replaces {@code file} with {@code content}; the temporary file is named after {@code file}.
     */
    public static void write(Path file, byte[] content) throws IOException {
        Path dir = file.getParent();
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        forceDirectory(dir);
    }

    private static void forceDirectory(Path dir) {
        // Makes the rename itself durable; some platforms cannot open a directory, which is fine.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            return;
        }
    }
}
