package io.reflow.testing.controlplane;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Asks a control-plane process's health endpoint whether it is ready. */
final class HealthProbe {

    private final URI uri;
    private final String bearerToken;
    private HttpClient client;

    HealthProbe(URI uri, String bearerToken) {
        this.uri = uri;
        this.bearerToken = bearerToken;
    }

    /**
     * Whether the endpoint answers 200 with a body containing {@code expected}. An https endpoint
     * is asked only once its self-signed certificate ({@code caCertificate}, PEM) is known.
     */
    boolean answers(String expected, String caCertificate) {
        boolean https = "https".equals(uri.getScheme());
        if (https && caCertificate == null) {
            return false;
        }
        try {
            if (client == null) {
                HttpClient.Builder builder =
                        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
                if (https) {
                    builder.sslContext(trusting(caCertificate));
                }
                client = builder.build();
            }
            HttpRequest request =
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(5))
                            .header("Authorization", "Bearer " + bearerToken)
                            .build();
            HttpResponse<String> response =
                    client.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains(expected);
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static SSLContext trusting(String pem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry(
                    "apiserver",
                    CertificateFactory.getInstance("X.509")
                            .generateCertificate(
                                    new ByteArrayInputStream(
                                            pem.getBytes(StandardCharsets.US_ASCII))));
            TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust the API server's certificate", e);
        }
    }
}
