package io.reflow.gateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * https upstreams: a TLS server on loopback whose self-signed certificate (made with the JDK's
 * {@code keytool}) names {@code localhost} only; the client trusts that certificate.
 */
@Timeout(60)
class UpstreamClientTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    @TempDir static Path dir;
    static ScriptedServer server;
    static UpstreamClient client;

    @BeforeAll
    static void start() throws Exception {
        KeyStore keys = selfSignedForLocalhost(dir.resolve("server.p12"));
        KeyManagerFactory keyManagers =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keyManagers.getKeyManagers(), null, null);
        server =
                ScriptedServer.start(
                        serverContext
                                .getServerSocketFactory()
                                .createServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                        "https");

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("upstream", keys.getCertificate("upstream"));
        TrustManagerFactory trustManagers =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trustManagers.getTrustManagers(), null);
        client =
                new UpstreamClient(
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5),
                        new UpstreamConnectionPool(64, Duration.ofSeconds(4)),
                        () -> clientContext);
    }

    @AfterAll
    static void stop() throws IOException {
        client.close();
        server.close();
    }

    private static KeyStore selfSignedForLocalhost(Path file) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process =
                new ProcessBuilder(
                                keytool.toString(),
                                "-genkeypair",
                                "-alias",
                                "upstream",
                                "-keyalg",
                                "EC",
                                "-groupname",
                                "secp256r1",
                                "-dname",
                                "CN=localhost",
                                "-ext",
                                "SAN=dns:localhost",
                                "-validity",
                                "2",
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                file.toString(),
                                "-storepass",
                                new String(PASSWORD))
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }

    @Test
    void talksHttpsToAServerWhoseCertificateNamesTheHost() throws IOException {
        server.reply(OK);
        UpstreamRequest request =
                UpstreamRequest.builder("GET", server.uri("localhost", "/mcp")).build();

        try (UpstreamResponse response = client.send(request, Duration.ofSeconds(5))) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().readAllBytes()).asString().isEqualTo("ok");
        }
        assertThat(server.requests.getLast()).contains("Host: localhost:");
    }

    @Test
    void reusesTlsConnections() throws IOException {
        server.reply(OK).reply(OK).reply(OK);
        UpstreamRequest request =
                UpstreamRequest.builder("GET", server.uri("localhost", "/mcp")).build();
        int acceptedBefore = server.accepted.get();

        for (int i = 0; i < 3; i++) {
            try (UpstreamResponse response = client.send(request, Duration.ofSeconds(5))) {
                assertThat(response.body().readAllBytes()).asString().isEqualTo("ok");
            }
        }

        assertThat(server.accepted.get() - acceptedBefore).isLessThanOrEqualTo(1);
    }

    @Test
    void refusesACertificateForAnotherHost() {
        UpstreamRequest request =
                UpstreamRequest.builder("GET", server.uri("127.0.0.1", "/mcp")).build();

        assertThatThrownBy(() -> client.send(request, Duration.ofSeconds(5)))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("127.0.0.1");
    }
}
