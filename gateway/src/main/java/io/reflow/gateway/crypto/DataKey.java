package io.reflow.gateway.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The encryption key kept in the data directory when the config gives none: generated once, stored
 * readable by the owner only, and read back on every start.
 */
public final class DataKey {

    /** File name of the key inside the data directory. */
    public static final String FILE_NAME = "encryption.key";

    private DataKey() {}

    /** Reads the key from {@code dir}, creating it first when missing. */
    public static byte[] loadOrCreate(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dir);
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                create(file, Base64.getEncoder().encodeToString(key));
            }
            byte[] key =
                    Base64.getDecoder()
                            .decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            if (key.length != 32) {
                throw new IllegalStateException(file + " does not hold a 32-byte key");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " does not hold a base64 key", e);
        }
    }

    private static void create(Path file, String content) throws IOException {
        try {
            Files.createFile(
                    file,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException raced) {
            return;
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }
}
