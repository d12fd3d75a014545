package io.reflow.testing.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Kubeconfig files for kubectl, Helm and the product's processes. */
final class Kubeconfigs {

    private Kubeconfigs() {}

    /** Writes a kubeconfig for {@code server} and {@code bearerToken} into {@code dir}. */
    static Path write(
            Path dir,
            URI server,
            String caCertificate,
            String user,
            String bearerToken,
            String namespace) {
        String yaml =
                """
                apiVersion: v1
                kind: Config
                clusters:
                - name: control-plane
                  cluster:
                    server: "%s"
                    certificate-authority-data: %s
                users:
                - name: %s
                  user:
                    token: "%s"
                contexts:
                - name: control-plane
                  context:
                    cluster: control-plane
                    user: %s
                    namespace: %s
                current-context: control-plane
                """
                        .formatted(
                                server,
                                Base64.getEncoder()
                                        .encodeToString(
                                                caCertificate.getBytes(StandardCharsets.UTF_8)),
                                user,
                                bearerToken,
                                user,
                                namespace);
        try {
            Path file = Files.createTempFile(dir, "kubeconfig-" + user + "-", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
