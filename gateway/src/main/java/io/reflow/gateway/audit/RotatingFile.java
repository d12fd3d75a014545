package io.reflow.gateway.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An append-only file that rotates by size: when the next line would take it past {@code maxBytes}
 * it becomes {@code <file>.1} (the older ones move up to {@code <file>.<maxFiles>}, the oldest is
 * deleted) and a new file starts. At most {@code maxFiles + 1} files, about {@code (maxFiles + 1) *
 * maxBytes} bytes, are kept.
 */
final class RotatingFile implements AutoCloseable {

    private final Path file;
    private final long maxBytes;
    private final int maxFiles;
    private FileChannel channel;
    private long size;

    RotatingFile(Path file, long maxBytes, int maxFiles) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        open();
    }

    private void open() throws IOException {
        channel =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
        size = channel.size();
    }

    /** Appends {@code line} (with its newline), rotating first when it would not fit. */
    synchronized void append(byte[] line) throws IOException {
        if (size > 0 && size + line.length > maxBytes) {
            rotate();
        }
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            size += channel.write(buffer);
        }
    }

    private void rotate() throws IOException {
        channel.close();
        Files.deleteIfExists(numbered(maxFiles));
        for (int i = maxFiles - 1; i >= 1; i--) {
            if (Files.exists(numbered(i))) {
                Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (maxFiles > 0) {
            Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(file);
        }
        open();
    }

    private Path numbered(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
