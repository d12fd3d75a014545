package io.reflow.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A client of {@code GET /api/instances/events}: the lists it pushed, in order, as JSON. */
final class InstanceEventStream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<String> data = new LinkedBlockingQueue<>();
    private final Thread reader;

    InstanceEventStream(URI base, String token) throws IOException, InterruptedException {
        response =
                GatewayFixture.HTTP.send(
                        HttpRequest.newBuilder(base.resolve("/api/instances/events"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        reader = Thread.ofVirtual().start(this::read);
    }

    private void read() {
        try (BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    data.add(line.substring(6));
                }
            }
        } catch (IOException e) {
            // The stream ended (closed by the test or the gateway).
        }
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    /** The first list pushed from now on that matches, within {@code wait}. */
    JsonNode next(Predicate<JsonNode> matching, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            String event = data.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no matching instances event within " + wait);
            }
            try {
                JsonNode list = JSON.readTree(event);
                if (matching.test(list)) {
                    return list;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Whether the stream has ended (the reader saw its end) within {@code wait}. */
    boolean endsWithin(Duration wait) throws InterruptedException {
        return reader.join(wait);
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
