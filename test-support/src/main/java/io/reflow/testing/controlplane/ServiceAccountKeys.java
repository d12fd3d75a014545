package io.reflow.testing.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The key pair the API server signs ServiceAccount tokens with, made fresh for each cluster and
 * written as PEM ({@code sa.key} PKCS#8, {@code sa.pub} X.509 SubjectPublicKeyInfo).
 */
record ServiceAccountKeys(Path privateKey, Path publicKey) {

    /** Generates an RSA 2048 key pair into {@code dir}. */
    static ServiceAccountKeys generate(Path dir) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path privateKey = dir.resolve("sa.key");
            Path publicKey = dir.resolve("sa.pub");
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return new ServiceAccountKeys(privateKey, publicKey);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no RSA", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the service account keys", e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
