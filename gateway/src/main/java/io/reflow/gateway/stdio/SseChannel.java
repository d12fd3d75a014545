package io.reflow.gateway.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connection to a server of the legacy HTTP+SSE transport (protocol 2024-11-05): a GET stream
 * that first announces, in an {@code endpoint} event, the URL messages are POSTed to, then carries
 * the server's messages as {@code message} events. The stream ending ends the channel: the server's
 * session is gone with it, so clients get an error and initialize again.
 */
final class SseChannel implements Channel {

    private static final Logger LOG = Logger.getLogger(SseChannel.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final String target;
    private final HttpClient client;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final MessageRouter router;
    private final Clock clock;
    private final Instant startedAt;
    private final CompletableFuture<URI> endpoint = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile InputStream stream;
    private volatile Instant lastActivity;
    private volatile String stopReason;

    private SseChannel(
            String target,
            HttpClient client,
            Map<String, String> headers,
            Duration timeout,
            Clock clock) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        this.id = HexFormat.of().formatHex(random);
        this.target = target;
        this.client = client;
        this.headers = Map.copyOf(headers);
        this.timeout = timeout;
        this.router = new MessageRouter(target);
        this.clock = clock;
        this.startedAt = clock.instant();
        this.lastActivity = startedAt;
    }

    /**
     * Opens the stream at {@code url} and waits for its endpoint event.
     *
     * @throws IOException when the server cannot be reached, answers other than 200, or announces
     *     no endpoint within {@code timeout}
     */
    static SseChannel connect(
            String target,
            URI url,
            Map<String, String> headers,
            HttpClient client,
            Duration timeout,
            Clock clock,
            Consumer<Channel> onExit)
            throws IOException {
        SseChannel channel = new SseChannel(target, client, headers, timeout, clock);
        HttpRequest.Builder get =
                HttpRequest.newBuilder(url).header("Accept", "text/event-stream").GET();
        headers.forEach(get::header);
        HttpResponse<InputStream> response;
        try {
            response = client.send(get.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("its SSE stream answered HTTP " + response.statusCode());
        }
        channel.stream = response.body();
        Thread.ofVirtual()
                .name("sse-in-" + channel.id)
                .start(() -> channel.read(response.uri(), onExit));
        try {
            channel.endpoint.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            channel.stop("it announced no endpoint");
            throw new IOException("its SSE stream announced no message endpoint in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.stop("the gateway is stopping");
            throw new IOException("interrupted while connecting", e);
        }
        LOG.info("connected to the SSE server of target " + target);
        return channel;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public MessageRouter router() {
        return router;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public Instant lastActivity() {
        return lastActivity;
    }

    @Override
    public void touch() {
        lastActivity = clock.instant();
    }

    @Override
    public void send(byte[] json) throws IOException {
        HttpRequest.Builder post =
                HttpRequest.newBuilder(endpoint.getNow(null))
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        headers.forEach(post::header);
        HttpResponse<Void> response;
        try {
            response = client.send(post.build(), HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting", e);
        }
        if (response.statusCode() >= 300) {
            throw new IOException(
                    "the server answered a message with HTTP " + response.statusCode());
        }
    }

    @Override
    public void stop(String reason) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        stopReason = reason;
        LOG.info("closing the SSE connection of target " + target + ": " + reason);
        InputStream in = stream;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing an SSE stream failed", e);
            }
        }
    }

    @Override
    public boolean awaitExit(Duration wait) {
        try {
            ended.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void read(URI base, Consumer<Channel> onExit) {
        SseEvents events =
                new SseEvents(
                        new BoundedLineReader(stream, ProcessStarter.MAX_LINE_BYTES),
                        ProcessStarter.MAX_LINE_BYTES);
        try {
            SseEvents.Event event;
            while ((event = events.next()) != null) {
                if (event.name().equals("endpoint")) {
                    endpoint.complete(base.resolve(event.data().trim()));
                } else if (event.name().equals("message")) {
                    dispatch(event.data());
                }
            }
        } catch (LineTooLongException e) {
            stop("it sent a message over " + ProcessStarter.MAX_LINE_BYTES + " bytes");
        } catch (IOException e) {
            LOG.log(Level.FINE, "SSE stream of target " + target + " ended", e);
        }
        endpoint.completeExceptionally(new IOException("stream ended"));
        String why = stopReason != null ? "was closed: " + stopReason : "ended";
        router.failAll(
                "the SSE connection to the server of target '"
                        + target
                        + "' "
                        + why
                        + "; initialize a new session");
        stopping.set(true);
        onExit.accept(this);
        ended.complete(null);
    }

    private void dispatch(String data) {
        JsonNode message;
        try {
            message = Json.read(data.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warning("sse " + target + ": ignored an event that is not JSON");
            return;
        }
        if (!(message instanceof ObjectNode object)) {
            LOG.warning("sse " + target + ": ignored an event that is not a JSON object");
            return;
        }
        byte[] reply = router.route(object);
        if (reply != null) {
            Thread.ofVirtual().start(() -> sendQuietly(reply));
        }
    }

    private void sendQuietly(byte[] json) {
        try {
            send(json);
        } catch (IOException e) {
            LOG.log(Level.FINE, "posting to the SSE server of target " + target + " failed", e);
        }
    }
}
