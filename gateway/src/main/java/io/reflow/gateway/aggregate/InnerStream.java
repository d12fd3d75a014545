package io.reflow.gateway.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflow.gateway.access.Decision;
import io.reflow.gateway.audit.InternalCallAudit;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.proxy.http.UpstreamResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The answer of one call to {@code /mcp/{target}}, read as JSON-RPC messages: the one message of a
 * JSON body, or each event of an SSE stream. SSE comments (keep-alives) are reported too, so a
 * relay can pass them on and notice a client that left.
 */
final class InnerStream implements AutoCloseable {

    /** What {@link #next()} returns for an SSE comment. */
    static final JsonNode KEEP_ALIVE = Json.object().put("keep-alive", true);

    private final UpstreamResponse response;
    private final boolean sse;
    private final BufferedReader lines;
    private boolean jsonRead;

    InnerStream(UpstreamResponse response) {
        this.response = response;
        this.sse =
                response.headers()
                        .first("content-type")
                        .map(t -> t.regionMatches(true, 0, "text/event-stream", 0, 17))
                        .orElse(false);
        this.lines =
                sse
                        ? new BufferedReader(
                                new InputStreamReader(response.body(), StandardCharsets.UTF_8))
                        : null;
    }

    /** The HTTP status. */
    int status() {
        return response.status();
    }

    /** Whether the answer is an SSE stream. */
    boolean sse() {
        return sse;
    }

    /** The policy decision the per-target endpoint took, when it says. */
    Optional<Decision> decision() {
        return InternalCallAudit.decode(header(InternalCallAudit.DECISION_HEADER));
    }

    /** A header of the answer. */
    Optional<String> header(String name) {
        return response.headers().first(name);
    }

    /**
     * The next message, {@link #KEEP_ALIVE} for a comment, or null at the end. An event whose data
     * is not JSON is skipped.
     */
    JsonNode next() throws IOException {
        while (true) {
            String data = nextData();
            if (data == null || data == KEEP_ALIVE_DATA) {
                return data == null ? null : KEEP_ALIVE;
            }
            JsonNode message = parse(data);
            if (message != null) {
                return message;
            }
        }
    }

    /** What {@link #nextData()} returns for an SSE comment: compared by identity. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    static final String KEEP_ALIVE_DATA = new String(": keep-alive");

    /**
     * The next message as its JSON text, unparsed ({@link #KEEP_ALIVE_DATA} for a comment), or null
     * at the end: a relay passes most messages on without building them into a tree.
     */
    String nextData() throws IOException {
        if (!sse) {
            if (jsonRead) {
                return null;
            }
            jsonRead = true;
            byte[] body = response.body().readAllBytes();
            return body.length == 0 ? null : new String(body, StandardCharsets.UTF_8);
        }
        StringBuilder data = new StringBuilder();
        boolean comment = false;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    return data.toString();
                } else if (comment) {
                    return KEEP_ALIVE_DATA;
                }
                continue;
            }
            if (line.startsWith(":")) {
                comment = true;
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
            }
        }
        return data.isEmpty() ? null : data.toString();
    }

    /** The error message of a JSON-RPC error body, or the status. */
    String errorText() {
        try {
            JsonNode body = next();
            if (body != null && body.path("error").path("message").isTextual()) {
                return body.path("error").path("message").asText();
            }
        } catch (IOException e) {
            // Fall through to the status.
        }
        return "HTTP " + status();
    }

    private static JsonNode parse(String data) {
        try {
            return Json.read(data.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }

    /** Ends the call at once, from any thread: a read waiting on it fails. */
    void abort() {
        response.abort();
    }

    @Override
    public void close() {
        try {
            response.close();
        } catch (RuntimeException e) {
            response.abort();
        }
    }
}
