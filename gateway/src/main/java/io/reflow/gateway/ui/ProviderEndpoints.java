package io.reflow.gateway.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflow.gateway.config.Urls;
import io.reflow.gateway.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The identity provider's authorization and token endpoints, read from its {@code
 * .well-known/openid-configuration}: fetched on first use, bounded in time and size, kept for
 * {@link #FRESH}; a failure is kept for {@link #RETRY} so page loads cannot hammer the provider.
 */
public final class ProviderEndpoints {

    /** How long fetched endpoints are used before they are read again. */
    static final Duration FRESH = Duration.ofMinutes(5);

    /** How long a failed fetch is answered before the next try. */
    static final Duration RETRY = Duration.ofSeconds(10);

    /** The largest discovery document read. */
    static final int SIZE_LIMIT = 64 * 1024;

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    /** Where the console sends the browser to sign in, and where it trades the code for tokens. */
    public record Endpoints(URI authorization, URI token) {}

    private final URI discoveryUrl;
    private final String issuer;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private Endpoints endpoints;
    private String failure;
    private Instant until = Instant.MIN;

    /** Reads {@code discoveryUrl}, whose document must name {@code issuer}. */
    public ProviderEndpoints(URI discoveryUrl, String issuer, Duration timeout, Clock clock) {
        this.discoveryUrl = discoveryUrl;
        this.issuer = issuer;
        this.timeout = timeout;
        this.clock = clock;
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    /**
     * The endpoints, fetched when none are fresh.
     *
     * @throws DiscoveryException saying what went wrong, never with the document's content
     */
    public synchronized Endpoints get() {
        Instant now = clock.instant();
        if (now.isBefore(until)) {
            if (endpoints != null) {
                return endpoints;
            }
            throw new DiscoveryException(failure);
        }
        try {
            endpoints = fetch();
            failure = null;
            until = now.plus(FRESH);
            return endpoints;
        } catch (DiscoveryException e) {
            endpoints = null;
            failure = e.getMessage();
            until = now.plus(RETRY);
            throw e;
        }
    }

    private Endpoints fetch() {
        String shown = Urls.redacted(discoveryUrl.toString());
        HttpRequest request =
                HttpRequest.newBuilder(discoveryUrl)
                        .timeout(timeout)
                        .header("Accept", "application/json")
                        .build();
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(SIZE_LIMIT + 1);
            }
        } catch (IOException e) {
            throw new DiscoveryException(
                    shown + " could not be read (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscoveryException(shown + " could not be read (interrupted)");
        }
        if (response.statusCode() != 200) {
            throw new DiscoveryException(shown + " answered " + response.statusCode());
        }
        if (body.length > SIZE_LIMIT) {
            throw new DiscoveryException(shown + " is larger than " + SIZE_LIMIT + " bytes");
        }
        return parse(shown, body);
    }

    private Endpoints parse(String shown, byte[] body) {
        JsonNode doc;
        try {
            doc = Json.read(body);
        } catch (IOException | RuntimeException e) {
            throw new DiscoveryException(shown + " is not JSON");
        }
        if (!issuer.equals(doc.path("issuer").asText())) {
            // OpenID Connect Discovery 1.0 section 4.3: the document must name the issuer asked.
            throw new DiscoveryException(shown + " names another issuer than " + issuer);
        }
        return new Endpoints(
                endpoint(shown, doc, "authorization_endpoint"),
                endpoint(shown, doc, "token_endpoint"));
    }

    private static URI endpoint(String shown, JsonNode doc, String field) {
        String text = doc.path(field).asText("");
        URI uri;
        try {
            uri = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new DiscoveryException(shown + ": " + field + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        boolean loopback = uri.getHost() != null && LOOPBACK.contains(uri.getHost());
        if (uri.getHost() == null
                || !(scheme.equals("https") || scheme.equals("http") && loopback)
                || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            throw new DiscoveryException(
                    shown + ": " + field + " must be an https URL (http only on loopback)");
        }
        return uri;
    }

    /** The provider's endpoints cannot be had now. */
    public static final class DiscoveryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DiscoveryException(String message) {
            super(message);
        }
    }
}
