package io.reflow.gateway.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The SSE stream of one {@code /mcp} response; several threads may write (the merged GET stream),
 * one event at a time, each flushed at once. A write that fails means the client left.
 */
final class SseWriter implements AutoCloseable {

    private static final byte[] EVENT = "event: message\ndata: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final OutputStream out;
    private boolean broken;

    /** Sends the status and head of an SSE response. */
    SseWriter(ServerResponse res) {
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        this.out = res.outputStream();
        flushHead();
    }

    private void flushHead() {
        try {
            out.flush();
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            broken = true;
        }
    }

    /** Writes one message as an event; false when the client is gone. */
    synchronized boolean write(JsonNode message) {
        return write(EVENT, Json.write(message), END);
    }

    /** Writes one message, given as its JSON text on one line, as an event. */
    synchronized boolean write(String json) {
        return write(EVENT, json.getBytes(StandardCharsets.UTF_8), END);
    }

    /** Writes a comment, which keeps proxies from closing an idle stream; false when gone. */
    synchronized boolean keepAlive() {
        return write(KEEP_ALIVE);
    }

    private boolean write(byte[]... parts) {
        if (broken) {
            return false;
        }
        try {
            for (byte[] part : parts) {
                out.write(part);
            }
            out.flush();
            return true;
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            broken = true;
            return false;
        }
    }

    /** Ends the stream. */
    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            broken = true;
        }
    }
}
