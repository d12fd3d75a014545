package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * One MCP session driven with hand-written requests, for what the SDK client cannot send (batches,
 * cancellation, a chosen protocol version, exact bytes). Works the same against the gateway and
 * directly against the reference server, so a test can compare both.
 */
final class RawMcpSession {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EVENT_ID = Pattern.compile("(?m)^id:.*\\n");

    private final URI endpoint;
    private final String token;
    private final String version;
    private final String id;

    private RawMcpSession(URI endpoint, String token, String version, String id) {
        this.endpoint = endpoint;
        this.token = token;
        this.version = version;
        this.id = id;
    }

    /** Initializes a session at {@code endpoint} under protocol {@code version}. */
    static RawMcpSession open(URI endpoint, String token, String version) {
        String initialize =
                """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"%s",\
                "capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"""
                        .formatted(version);
        HttpResponse<String> response = GatewayFixture.send(request(endpoint, token, initialize));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String id = response.headers().firstValue("mcp-session-id").orElseThrow();
        RawMcpSession session = new RawMcpSession(endpoint, token, version, id);
        HttpResponse<String> initialized =
                session.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertThat(initialized.statusCode()).isEqualTo(202);
        return session;
    }

    /** A POST of {@code json} in this session, with its protocol version header. */
    HttpRequest.Builder post(String json) {
        return postAs(version, json);
    }

    /**
     * A POST of {@code json} in this session, claiming protocol {@code protocolVersion}, or without
     * a version header when it is null.
     */
    HttpRequest.Builder postAs(String protocolVersion, String json) {
        HttpRequest.Builder builder =
                GatewayFixture.mcpPost(endpoint, token, json).header("Mcp-Session-Id", id);
        if (protocolVersion != null) {
            builder.header("MCP-Protocol-Version", protocolVersion);
        }
        return builder;
    }

    /** Posts {@code json} in this session and reads the whole answer. */
    HttpResponse<String> send(String json) {
        return GatewayFixture.send(post(json).build());
    }

    /**
     * Posts {@code json} in this session and collects the messages of the SSE answer as they
     * arrive, on a virtual thread, until the stream ends.
     */
    LiveStream stream(String json) {
        LiveStream live = new LiveStream(new CopyOnWriteArrayList<>(), new CompletableFuture<>());
        HttpRequest request = post(json).build();
        Thread.ofVirtual()
                .start(
                        () -> {
                            try {
                                HttpResponse<InputStream> response =
                                        GatewayFixture.HTTP.send(
                                                request, HttpResponse.BodyHandlers.ofInputStream());
                                live.read(response.body());
                                live.ended().complete(response.statusCode());
                            } catch (IOException | RuntimeException e) {
                                live.ended().completeExceptionally(e);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                live.ended().completeExceptionally(e);
                            }
                        });
        return live;
    }

    /** Ends the session with DELETE; the upstream then closes its open streams. */
    HttpResponse<String> delete() {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(endpoint)
                        .header("Mcp-Session-Id", id)
                        .header("MCP-Protocol-Version", version)
                        .DELETE();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return GatewayFixture.send(builder.build());
    }

    /** A POST of {@code json} outside any session. */
    static HttpRequest request(URI endpoint, String token, String json) {
        return GatewayFixture.mcpPost(endpoint, token, json).build();
    }

    /**
     * The JSON-RPC messages of a response: the body of a JSON answer, or the data of each SSE event
     * (events without data, such as priming events, are skipped).
     */
    static List<String> messages(HttpResponse<String> response) {
        String type = response.headers().firstValue("content-type").orElse("");
        if (!type.startsWith("text/event-stream")) {
            return response.body().isEmpty() ? List.of() : List.of(response.body());
        }
        List<String> messages = new ArrayList<>();
        for (String event : response.body().replace("\r\n", "\n").split("\n\n")) {
            String data = data(event);
            if (!data.isEmpty()) {
                messages.add(data);
            }
        }
        return messages;
    }

    /** The messages of a response, parsed. */
    static List<JsonNode> parsed(HttpResponse<String> response) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String message : messages(response)) {
            try {
                nodes.add(JSON.readTree(message));
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON: " + message, e);
            }
        }
        return nodes;
    }

    /** The single JSON-RPC message of a response, parsed. */
    static JsonNode only(HttpResponse<String> response) {
        List<JsonNode> nodes = parsed(response);
        assertThat(nodes).as(response.body()).hasSize(1);
        return nodes.getFirst();
    }

    /** The data field of one SSE event: its {@code data:} lines joined by newlines. */
    static String data(String event) {
        StringBuilder data = new StringBuilder();
        for (String line : event.split("\n")) {
            if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
            }
        }
        return data.toString();
    }

    /**
     * An SSE answer being read.
     *
     * @param messages the data of every event received so far
     * @param ended completes with the HTTP status once the stream has ended
     */
    record LiveStream(List<String> messages, CompletableFuture<Integer> ended) {

        private void read(InputStream body) throws IOException {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                StringBuilder event = new StringBuilder();
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isEmpty()) {
                        event.append(line).append('\n');
                        continue;
                    }
                    String data = data(event.toString());
                    if (!data.isEmpty()) {
                        messages.add(data);
                    }
                    event.setLength(0);
                }
            }
        }
    }

    /**
     * The body without SSE event ids: the reference server draws a random id for every event, so
     * only the ids may differ between two answers to the same request.
     */
    static String withoutEventIds(String body) {
        return EVENT_ID.matcher(body).replaceAll("");
    }
}
