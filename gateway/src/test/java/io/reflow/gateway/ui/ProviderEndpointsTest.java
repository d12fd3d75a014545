package io.reflow.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.reflow.testing.MovableClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider's discovery document: read, checked, kept, and bounded in size and time. */
class ProviderEndpointsTest {

    HttpServer server;
    String issuer;
    volatile String body;
    final AtomicInteger fetches = new AtomicInteger();
    final CountDownLatch never = new CountDownLatch(1);
    final MovableClock clock = new MovableClock();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext(
                "/.well-known/openid-configuration",
                exchange -> {
                    fetches.incrementAndGet();
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, bytes.length);
                    exchange.getResponseBody().write(bytes);
                    exchange.close();
                });
        server.createContext(
                "/hangs/.well-known/openid-configuration",
                exchange -> {
                    fetches.incrementAndGet();
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                });
        server.start();
        body = document(issuer);
    }

    @AfterEach
    void stop() {
        never.countDown();
        server.stop(0);
    }

    private String document(String named) {
        return "{\"issuer\":\"%s\",\"authorization_endpoint\":\"%s/auth\",\"token_endpoint\":\"%s/token\"}"
                .formatted(named, issuer, issuer);
    }

    private ProviderEndpoints endpoints(String base) {
        return new ProviderEndpoints(
                URI.create(base + "/.well-known/openid-configuration"),
                base,
                Duration.ofMillis(500),
                clock);
    }

    @Test
    void readsTheEndpointsAndKeepsThemUntilTheyAreStale() {
        ProviderEndpoints endpoints = endpoints(issuer);
        assertThat(endpoints.get().authorization()).hasToString(issuer + "/auth");
        assertThat(endpoints.get().token()).hasToString(issuer + "/token");
        assertThat(fetches).hasValue(1);
        clock.advance(ProviderEndpoints.FRESH.plusSeconds(1));
        endpoints.get();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void refusesADocumentOfAnotherIssuer() {
        body = document("https://evil.example");
        assertThatThrownBy(() -> endpoints(issuer).get())
                .isInstanceOf(ProviderEndpoints.DiscoveryException.class)
                .hasMessageContaining("names another issuer");
    }

    @Test
    void refusesADocumentLargerThanTheLimit() {
        body = document(issuer).replace("}", ",\"pad\":\"" + "x".repeat(70_000) + "\"}");
        assertThatThrownBy(() -> endpoints(issuer).get())
                .hasMessageContaining("is larger than " + ProviderEndpoints.SIZE_LIMIT + " bytes");
    }

    @Test
    void givesUpOnAProviderThatDoesNotAnswerAndRetriesOnlyLater() {
        ProviderEndpoints endpoints = endpoints(issuer + "/hangs");
        assertThatThrownBy(endpoints::get)
                .hasMessageContaining("could not be read (HttpTimeoutException)");
        // Kept: the next page load does not wait for the provider again.
        long started = System.nanoTime();
        assertThatThrownBy(endpoints::get).hasMessageContaining("HttpTimeoutException");
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isLessThan(Duration.ofMillis(400));
    }

    @Test
    void refusesAPlainHttpEndpointOffLoopback() {
        body = document(issuer).replace(issuer + "/token", "http://idp.example/token");
        assertThatThrownBy(() -> endpoints(issuer).get())
                .hasMessageContaining("token_endpoint must be an https URL");
    }
}
