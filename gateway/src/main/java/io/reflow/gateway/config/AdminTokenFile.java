package io.reflow.gateway.config;

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
 * The admin token of the embedded default when {@code REFLOW_ADMIN_TOKEN} is not set: generated on
 * the first start, kept next to the targets it guards ({@code <data dir>/admin-token}, readable by
 * the owner only) and read back on every later start, so a restart keeps the token working.
 */
public final class AdminTokenFile {

    /** File name of the token inside the data directory. */
    public static final String FILE_NAME = "admin-token";

    private AdminTokenFile() {}

    /** Reads the token kept in {@code dataDir}, creating it first when there is none. */
    public static String loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                create(file, generate());
            }
            String token = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (token.isEmpty()) {
                throw new ConfigException(
                        "(admin token): " + file + " is empty; delete it to generate a new token");
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    private static String generate() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return "rfl_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static void create(Path file, String token) throws IOException {
        Path partial = file.resolveSibling(FILE_NAME + ".new");
        Files.deleteIfExists(partial);
        try {
            Files.createFile(
                    partial,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(partial);
        }
        Files.writeString(partial, token + "\n", StandardCharsets.US_ASCII);
        try {
            // Never a half-written token: a second gateway starting at the same time keeps the
            // file the first one moved in place.
            Files.move(partial, file);
        } catch (FileAlreadyExistsException raced) {
            Files.deleteIfExists(partial);
        }
    }
}
