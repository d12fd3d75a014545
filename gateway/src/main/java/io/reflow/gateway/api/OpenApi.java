package io.reflow.gateway.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/openapi.json}: the REST API described as OpenAPI 3.1, a hand-written document
 * that a test keeps equal to the routes the API serves. No authentication: it holds no data.
 */
public final class OpenApi implements Handler {

    /** Where the document is served. */
    public static final String PATH = "/api/openapi.json";

    private final byte[] document = load();

    static byte[] load() {
        try (InputStream in = OpenApi.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(document);
    }
}
