package io.reflow.gateway.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.proxy.JsonRpcErrors;
import io.reflow.gateway.tracing.AnsweredError;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Writes what an {@link Outbox} receives to the client: the response alone as {@code
 * application/json}, or every message as an SSE event with keep-alive comments while quiet. A
 * request whose process stays silent for the read timeout gets a JSON-RPC error and is cancelled.
 */
final class StreamWriter {

    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final Duration readTimeout;
    private final Duration keepAlive;

    StreamWriter(Duration readTimeout, Duration keepAlive) {
        this.readTimeout = readTimeout;
        this.keepAlive = keepAlive;
    }

    /** Answers with the response as JSON; {@code cancel} runs when it does not come in time. */
    void json(ServerResponse res, Outbox outbox, JsonNode clientId, Runnable cancel) {
        Outbox.Item item = await(outbox, readTimeout);
        while (item != null && !item.last()) {
            item = await(outbox, readTimeout);
        }
        if (item == null) {
            cancel.run();
            JsonRpcErrors.send(res, 504, clientId, JsonRpcErrors.SERVER_ERROR, timeoutMessage());
            return;
        }
        if (item.json() == null) {
            // The client cancelled the request: no response will come.
            JsonRpcErrors.send(
                    res, 200, clientId, JsonRpcErrors.SERVER_ERROR, "the request was cancelled");
            return;
        }
        AnsweredError.inspect(item.json());
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(item.json());
    }

    /**
     * Answers with an SSE stream until the last item; a request stream ({@code clientId} set) ends
     * with an error when nothing came for the read timeout. {@code cancel} runs when the request is
     * abandoned.
     */
    void stream(ServerResponse res, Outbox outbox, JsonNode clientId, Runnable cancel) {
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        boolean done = false;
        try (OutputStream out = res.outputStream()) {
            out.write(KEEP_ALIVE);
            out.flush();
            Duration quiet = Duration.ZERO;
            while (true) {
                Outbox.Item item = await(outbox, keepAlive);
                if (item == null) {
                    quiet = quiet.plus(keepAlive);
                    if (clientId != null && quiet.compareTo(readTimeout) >= 0) {
                        event(
                                out,
                                JsonRpcErrors.body(
                                        clientId, JsonRpcErrors.SERVER_ERROR, timeoutMessage()));
                        break;
                    }
                    out.write(KEEP_ALIVE);
                    out.flush();
                    continue;
                }
                quiet = Duration.ZERO;
                if (item.json() != null) {
                    event(out, item.json());
                }
                if (item.last()) {
                    AnsweredError.inspect(clientId == null ? null : item.json());
                    done = true;
                    break;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // The client left.
        } finally {
            if (!done) {
                cancel.run();
            }
        }
    }

    private static void event(OutputStream out, byte[] json) throws IOException {
        out.write("event: message\ndata: ".getBytes(StandardCharsets.UTF_8));
        out.write(json);
        out.write("\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private String timeoutMessage() {
        return "the server process did not answer within " + readTimeout.toSeconds() + "s";
    }

    private static Outbox.Item await(Outbox outbox, Duration wait) {
        try {
            return outbox.poll(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
