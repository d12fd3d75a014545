package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flows that {@link McpProxySdkTest} does not cover: roots, list changes, pagination and
 * cancellation. Each is made through the gateway and directly against the reference server, and
 * both answers are compared.
 */
class ProxyFlowsTest {

    private static final McpSchema.Root PROJECT =
            new McpSchema.Root("file:///home/ada/project", "project");
    private static final McpSchema.Root NOTES =
            new McpSchema.Root("file:///home/ada/notes", "notes");
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir static Path dir;
    static ProxiedEverything everything;

    @BeforeAll
    static void start() {
        everything = ProxiedEverything.start(dir);
    }

    @AfterAll
    static void stop() {
        if (everything != null) {
            everything.close();
        }
    }

    private static Consumer<McpClient.SyncSpec> withRoots(List<String> logs) {
        return spec ->
                spec.capabilities(McpSchema.ClientCapabilities.builder().roots(true).build())
                        .roots(PROJECT)
                        .loggingConsumer(log -> logs.add(String.valueOf(log.data())));
    }

    /** What the server's {@code get-roots-list} tool reports about the client's roots. */
    private static String rootsSeenByServer(McpSyncClient client) {
        McpSchema.CallToolResult result =
                client.callTool(McpSchema.CallToolRequest.builder("get-roots-list").build());
        return result.content().stream()
                .filter(McpSchema.TextContent.class::isInstance)
                .map(c -> ((McpSchema.TextContent) c).text())
                .reduce("", String::concat);
    }

    private static void awaitRoot(McpSyncClient client, McpSchema.Root root) {
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(rootsSeenByServer(client)).contains(root.uri()));
    }

    @Test
    void answersTheServersRootsRequestsAndAnnouncesRootChangesLikeDirectly() {
        List<String> proxiedLogs = new CopyOnWriteArrayList<>();
        List<String> plainLogs = new CopyOnWriteArrayList<>();
        try (McpSyncClient proxied = everything.viaGateway(withRoots(proxiedLogs));
                McpSyncClient plain = everything.direct(withRoots(plainLogs))) {
            // The server sends roots/list on its own shortly after initialization.
            awaitRoot(proxied, PROJECT);
            awaitRoot(plain, PROJECT);
            assertThat(rootsSeenByServer(proxied))
                    .isEqualTo(rootsSeenByServer(plain))
                    .contains("Current MCP Roots (1 total)");

            // With roots.listChanged declared, addRoot sends notifications/roots/list_changed,
            // which the server answers with a new roots/list request.
            proxied.addRoot(NOTES);
            plain.addRoot(NOTES);
            awaitRoot(proxied, NOTES);
            awaitRoot(plain, NOTES);
            assertThat(rootsSeenByServer(proxied))
                    .isEqualTo(rootsSeenByServer(plain))
                    .contains("Current MCP Roots (2 total)", PROJECT.uri());
            String updated = "Roots updated: 2 root(s) received from client";
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(proxiedLogs).contains(updated));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(plainLogs).contains(updated));
        }
    }

    @Test
    void announcesAResourceAddedByAToolLikeDirectly() {
        List<List<McpSchema.Resource>> proxiedLists = new CopyOnWriteArrayList<>();
        List<List<McpSchema.Resource>> plainLists = new CopyOnWriteArrayList<>();
        String uri = "demo://resource/session/announced.txt";
        // The gzip tool registers a session resource: notifications/resources/list_changed.
        McpSchema.CallToolRequest gzip =
                McpSchema.CallToolRequest.builder("gzip-file-as-resource")
                        .arguments(
                                Map.of(
                                        "name",
                                        "announced.txt",
                                        "data",
                                        "data:text/plain;base64,"
                                                + Base64.getEncoder()
                                                        .encodeToString(
                                                                "hello"
                                                                        .getBytes(
                                                                                StandardCharsets
                                                                                        .UTF_8))))
                        .build();
        try (McpSyncClient proxied =
                        everything.viaGateway(
                                spec -> spec.resourcesChangeConsumer(proxiedLists::add));
                McpSyncClient plain =
                        everything.direct(spec -> spec.resourcesChangeConsumer(plainLists::add))) {
            // One after the other, each list taken when it arrives: the server keeps one session
            // resource per name across sessions, so the second call unregisters the first.
            proxied.callTool(gzip);
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(uris(proxiedLists)).contains(uri));
            List<String> announcedViaGateway = uris(proxiedLists);
            plain.callTool(gzip);
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(uris(plainLists)).contains(uri));
            assertThat(announcedViaGateway).isEqualTo(uris(plainLists));
        }
    }

    /** The resource URIs of the latest list a change consumer received. */
    private static List<String> uris(List<List<McpSchema.Resource>> lists) {
        return lists.isEmpty()
                ? List.of()
                : lists.getLast().stream().map(McpSchema.Resource::uri).sorted().toList();
    }

    @Test
    void walksResourcesAndTemplatesByCursorLikeDirectly() {
        try (McpSyncClient proxied = everything.viaGateway(spec -> {});
                McpSyncClient plain = everything.direct(spec -> {})) {
            assertThat(resourcePages(proxied)).isEqualTo(resourcePages(plain)).isNotEmpty();
            assertThat(proxied.listResourceTemplates(null))
                    .isEqualTo(plain.listResourceTemplates(null));
        }
    }

    private static List<McpSchema.ListResourcesResult> resourcePages(McpSyncClient client) {
        List<McpSchema.ListResourcesResult> pages = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListResourcesResult page = client.listResources(cursor);
            pages.add(page);
            cursor = page.nextCursor();
        } while (cursor != null && pages.size() < 100);
        return pages;
    }

    @Test
    void walksTheTaskListPageByPageLikeDirectly() {
        // tasks/list is the list the reference server pages (10 per page); tasks are per session.
        TaskWalk proxied = TaskWalk.of(everything.rawViaGateway("2025-11-25"), 23);
        TaskWalk plain = TaskWalk.of(everything.rawDirect("2025-11-25"), 23);
        assertThat(proxied.pageSizes()).isEqualTo(plain.pageSizes()).containsExactly(10, 10, 3);
        assertThat(proxied.listed()).isEqualTo(proxied.created());
        assertThat(proxied.cursors()).isEqualTo(proxied.lastOfEachFullPage());
        assertThat(proxied.fieldNames()).isEqualTo(plain.fieldNames());
        assertThat(proxied.unknownCursorError())
                .isEqualTo(plain.unknownCursorError())
                .contains("Invalid cursor: no-such-task");
    }

    /**
     * Tasks created in one session and the pages {@code tasks/list} returned for them.
     *
     * @param created task ids in creation order
     * @param pages the tasks of each page
     * @param cursors the {@code nextCursor} of each page that had one
     * @param unknownCursorError the error message for an unknown cursor
     */
    record TaskWalk(
            List<String> created,
            List<List<JsonNode>> pages,
            List<String> cursors,
            String unknownCursorError) {

        static TaskWalk of(RawMcpSession session, int count) {
            List<String> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                JsonNode answer =
                        RawMcpSession.only(
                                session.send(
                                        """
                                        {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{\
                                        "name":"simulate-research-query",\
                                        "arguments":{"topic":"t%d"},"task":{"ttl":60000}}}"""
                                                .formatted(100 + i, i)));
                created.add(answer.path("result").path("task").path("taskId").asText());
            }
            List<List<JsonNode>> pages = new ArrayList<>();
            List<String> cursors = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = list(session, cursor).path("result");
                List<JsonNode> tasks = new ArrayList<>();
                page.path("tasks").forEach(tasks::add);
                pages.add(tasks);
                cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
                if (cursor != null) {
                    cursors.add(cursor);
                }
            } while (cursor != null && pages.size() < 100);
            String unknown = list(session, "no-such-task").path("error").path("message").asText();
            return new TaskWalk(created, pages, cursors, unknown);
        }

        private static JsonNode list(RawMcpSession session, String cursor) {
            String params = cursor == null ? "{}" : "{\"cursor\":\"" + cursor + "\"}";
            return RawMcpSession.only(
                    session.send(
                            "{\"jsonrpc\":\"2.0\",\"id\":500,\"method\":\"tasks/list\",\"params\":"
                                    + params
                                    + "}"));
        }

        List<Integer> pageSizes() {
            return pages.stream().map(List::size).toList();
        }

        List<String> listed() {
            return pages.stream()
                    .flatMap(List::stream)
                    .map(task -> task.path("taskId").asText())
                    .toList();
        }

        List<String> lastOfEachFullPage() {
            return pages.subList(0, pages.size() - 1).stream()
                    .map(page -> page.getLast().path("taskId").asText())
                    .toList();
        }

        List<String> fieldNames() {
            List<String> names = new ArrayList<>();
            pages.getFirst().getFirst().fieldNames().forEachRemaining(names::add);
            return names.stream().sorted().toList();
        }
    }

    @Test
    void deliversCancellationSoTheServerNeverAnswersTheRequestLikeDirectly() {
        assertThat(messagesAfterCancelling(everything.rawViaGateway("2025-06-18")))
                .isEqualTo(messagesAfterCancelling(everything.rawDirect("2025-06-18")))
                .hasSize(4)
                .allSatisfy(message -> assertThat(message).contains("notifications/progress"));
    }

    /**
     * Starts a 4-step operation, cancels it after the first step, waits for the last step, then
     * ends the session so that the open stream closes. Returns every message the stream carried:
     * the reference server keeps reporting progress but, the request being cancelled, sends no
     * result.
     */
    private static List<String> messagesAfterCancelling(RawMcpSession session) {
        RawMcpSession.LiveStream operation =
                session.stream(
                        """
                        {"jsonrpc":"2.0","id":10,"method":"tools/call","params":{\
                        "name":"trigger-long-running-operation",\
                        "arguments":{"duration":4,"steps":4},"_meta":{"progressToken":"p-10"}}}""");
        await().atMost(PATIENCE).until(() -> !operation.messages().isEmpty());
        HttpResponse<String> cancelled =
                session.send(
                        """
                        {"jsonrpc":"2.0","method":"notifications/cancelled",\
                        "params":{"requestId":10,"reason":"no longer needed"}}""");
        assertThat(cancelled.statusCode()).isEqualTo(202);
        assertThat(cancelled.body()).isEmpty();
        await().atMost(PATIENCE)
                .until(
                        () ->
                                operation.messages().stream()
                                        .anyMatch(m -> m.contains("\"progress\":4")));
        assertThat(session.delete().statusCode()).isEqualTo(200);
        assertThat(operation.ended()).succeedsWithin(PATIENCE).isEqualTo(200);
        assertThat(operation.messages()).noneMatch(m -> m.contains("\"id\":10"));
        return List.copyOf(operation.messages());
    }
}
