package io.reflow.gateway.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.logging.LogContext;
import io.reflow.gateway.tracing.TraceContext;
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
import java.util.List;
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
 * the server's messages as {@code message} events. The server's session lives as long as that
 * stream: when it ends while the channel is open, the channel opens a new stream and initializes
 * the new session with the client's initialize request, so clients keep their sessions. When no
 * reconnect succeeds, the channel ends and clients get an error and initialize again.
 */
final class SseChannel implements Channel {

    private static final Logger LOG = Logger.getLogger(SseChannel.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Waits before each reconnect attempt: about 7.5 s in all before the sessions end. */
    static final List<Duration> RECONNECT_DELAYS =
            List.of(
                    Duration.ofMillis(250),
                    Duration.ofMillis(500),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(4));

    private static final String REINITIALIZE_ID = "reflow-reinitialize";
    private static final byte[] INITIALIZED =
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"
                    .getBytes(StandardCharsets.UTF_8);

    private final String id;
    private final String target;
    private final HttpClient client;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final MessageRouter router;
    private final Clock clock;
    private final Instant startedAt;
    private final URI url;
    private volatile CompletableFuture<URI> endpoint = new CompletableFuture<>();
    private volatile byte[] initialize;
    private volatile CompletableFuture<Void> reinitialized;
    private volatile CompletableFuture<Void> ready = CompletableFuture.completedFuture(null);
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile InputStream stream;
    private volatile Instant lastActivity;
    private volatile String stopReason;

    private SseChannel(
            String target,
            URI url,
            HttpClient client,
            Map<String, String> headers,
            Duration timeout,
            Clock clock) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        this.id = HexFormat.of().formatHex(random);
        this.target = target;
        this.url = url;
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
        SseChannel channel = new SseChannel(target, url, client, headers, timeout, clock);
        channel.stream = channel.openStream();
        // Every line the reader logs (reconnects, the end) names its target.
        Thread.ofVirtual()
                .name("sse-in-" + channel.id)
                .start(() -> LogContext.with(target, null, () -> channel.read(onExit)));
        try {
            channel.awaitEndpoint();
        } catch (IOException e) {
            channel.stop("it announced no endpoint");
            throw e;
        }
        LOG.info("connected to the SSE server of target " + target);
        return channel;
    }

    /** Opens the GET stream; its events are read by {@link #read}. */
    private InputStream openStream() throws IOException {
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
        return response.body();
    }

    /** Waits for the endpoint event of the current stream. */
    private URI awaitEndpoint() throws IOException {
        try {
            return endpoint.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("its SSE stream announced no message endpoint in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting", e);
        }
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
        if (initialize == null && isInitialize(json)) {
            // Kept to open the server session again after a reconnect.
            initialize = json.clone();
        }
        awaitReady();
        post(json);
    }

    /** Waits while a reconnected stream's session is being initialized again. */
    private void awaitReady() throws IOException {
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the SSE server's session could not be opened again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the SSE server", e);
        }
    }

    private static boolean isInitialize(byte[] json) {
        try {
            return Json.read(json).path("method").asText().equals("initialize");
        } catch (IOException e) {
            return false;
        }
    }

    private void post(byte[] json) throws IOException {
        HttpRequest.Builder post =
                HttpRequest.newBuilder(awaitEndpoint())
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        headers.forEach(post::header);
        // A client's request carries its upstream span's context (none with tracing off), as the
        // requests to streamable-http servers do; the gateway's own messages carry none.
        TraceContext.headers().forEach(post::header);
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

    private void read(Consumer<Channel> onExit) {
        String lost = readEvents();
        while (lost == null && !stopping.get() && reconnect()) {
            lost = readEvents();
        }
        endpoint.completeExceptionally(new IOException("stream ended"));
        String why =
                lost != null
                        ? "was closed: " + lost
                        : stopReason != null ? "was closed: " + stopReason : "ended";
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

    /** Reads the current stream to its end; returns why the channel must end, or null. */
    private String readEvents() {
        SseEvents events =
                new SseEvents(
                        new BoundedLineReader(stream, ProcessStarter.MAX_LINE_BYTES),
                        ProcessStarter.MAX_LINE_BYTES);
        try {
            SseEvents.Event event;
            while ((event = events.next()) != null) {
                if (event.name().equals("endpoint")) {
                    endpoint.complete(url.resolve(event.data().trim()));
                } else if (event.name().equals("message")) {
                    dispatch(event.data());
                }
            }
        } catch (LineTooLongException e) {
            String why = "it sent a message over " + ProcessStarter.MAX_LINE_BYTES + " bytes";
            stop(why);
            return why;
        } catch (IOException e) {
            LOG.log(Level.FINE, "SSE stream of target " + target + " ended", e);
        }
        return null;
    }

    /**
     * The stream ended while the channel was open: the server's session went with it. Opens a new
     * stream, with a few attempts over about {@link #RECONNECT_DELAYS}, and initializes the new
     * server session with the client's own initialize request, so the client's session goes on.
     * Requests in flight get an error; what the server kept per session (subscriptions, the log
     * level) is gone. False when no attempt succeeded.
     */
    private boolean reconnect() {
        CompletableFuture<URI> lostEndpoint = endpoint;
        endpoint = new CompletableFuture<>();
        lostEndpoint.completeExceptionally(new IOException("stream ended"));
        router.failPending(
                "the SSE connection to the server of target '"
                        + target
                        + "' was lost while this request was in flight; the gateway reconnected");
        for (Duration delay : RECONNECT_DELAYS) {
            if (!pause(delay)) {
                return false;
            }
            try {
                stream = openStream();
                // This thread goes on reading the new stream (its endpoint event, the answer to
                // the initialize); another one initializes the session meanwhile.
                ready = new CompletableFuture<>();
                Thread.ofVirtual()
                        .name("sse-reinitialize-" + id)
                        .start(this::reinitializeInBackground);
                LOG.info("reconnected to the SSE server of target " + target);
                return true;
            } catch (IOException e) {
                LOG.fine(() -> "reconnecting to target " + target + " failed: " + e.getMessage());
            }
        }
        LOG.warning(
                "the SSE server of target "
                        + target
                        + " cannot be reached again; its sessions end");
        return false;
    }

    /** Sends the kept initialize and its initialized notification on the new server session. */
    private void reinitializeInBackground() {
        byte[] kept = initialize;
        CompletableFuture<Void> opened = ready;
        if (kept == null) {
            opened.complete(null);
            return;
        }
        try {
            ObjectNode request = (ObjectNode) Json.read(kept);
            request.put("id", REINITIALIZE_ID);
            CompletableFuture<Void> answered = new CompletableFuture<>();
            reinitialized = answered;
            post(Json.write(request));
            answered.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            post(INITIALIZED);
            opened.complete(null);
        } catch (IOException | ExecutionException | TimeoutException e) {
            if (!stopping.get()) {
                LOG.warning("re-initializing the SSE session of target " + target + " failed");
            }
            opened.completeExceptionally(e);
            stop("re-initializing after a reconnect failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opened.completeExceptionally(e);
        }
    }

    private boolean pause(Duration delay) {
        try {
            Thread.sleep(delay);
            return !stopping.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
        CompletableFuture<Void> waiting = reinitialized;
        if (waiting != null
                && !object.has("method")
                && object.path("id").asText().equals(REINITIALIZE_ID)) {
            // The answer to the gateway's own initialize: no client asked for it.
            waiting.complete(null);
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
