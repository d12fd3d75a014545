package io.reflow.gateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against a raw socket server that answers scripted bytes. */
@Timeout(60) // A client that waits for ever fails instead of hanging the build.
class UpstreamClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    ScriptedServer server;
    UpstreamClient client;

    @BeforeEach
    void start() throws IOException {
        server = ScriptedServer.start();
        client = client(new UpstreamConnectionPool(64, Duration.ofSeconds(4)));
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
    }

    private static UpstreamClient client(UpstreamConnectionPool pool) {
        return new UpstreamClient(
                Duration.ofSeconds(2), Duration.ofSeconds(2), pool, SSLContext::getDefault);
    }

    private UpstreamResponse get() throws IOException {
        return client.send(UpstreamRequest.builder("GET", server.uri("/mcp")).build(), TIMEOUT);
    }

    private static String read(UpstreamResponse response) throws IOException {
        try (InputStream body = response.body()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void writesRequestLineHostHeadersAndBodyWithContentLength() throws IOException {
        server.reply(OK);
        UpstreamRequest request =
                UpstreamRequest.builder("POST", server.uri("/mcp/a%20b?x=1"))
                        .header("Content-Type", "application/json")
                        .header("X-Api-Key", "secret")
                        .body("{}".getBytes(StandardCharsets.UTF_8))
                        .build();

        assertThat(read(client.send(request, TIMEOUT))).isEqualTo("ok");

        int port = server.uri("/").getPort();
        assertThat(server.requests)
                .containsExactly(
                        "POST /mcp/a%20b?x=1 HTTP/1.1\r\nHost: 127.0.0.1:"
                                + port
                                + "\r\nContent-Type: application/json\r\nX-Api-Key: secret\r\n"
                                + "Content-Length: 2\r\n\r\n{}");
    }

    @Test
    void decodesChunkedBodyWithExtensionsAndTrailersAndReusesTheConnection() throws IOException {
        server.reply(
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "5;name=value\r\nhello\r\n7 ; x=\"y\"\r\n, world\r\n"
                                + "0\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n")
                .reply(OK);

        UpstreamResponse first = get();
        assertThat(first.status()).isEqualTo(200);
        assertThat(read(first)).isEqualTo("hello, world");
        assertThat(read(get())).isEqualTo("ok");

        assertThat(server.accepted).hasValue(1);
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void readsContentLengthBodyAndHeadersWithoutRegardToCase() throws IOException {
        server.reply(
                        "HTTP/1.1 201 Created\r\ncontent-type: text/plain\r\nX-Many: a\r\n"
                                + "x-many: b\r\nContent-Length: 5\r\n\r\nhello")
                .reply(OK);

        UpstreamResponse response = get();

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.headers().first("Content-Type")).hasValue("text/plain");
        assertThat(response.headers().all("X-MANY")).containsExactly("a", "b");
        assertThat(read(response)).isEqualTo("hello");
        assertThat(read(get())).isEqualTo("ok");
        assertThat(server.accepted).hasValue(1);
    }

    @Test
    void readsBodyUntilCloseAndDoesNotReuseThatConnection() throws IOException {
        server.reply(
                        (socket, out) -> {
                            ScriptedServer.write(out, "HTTP/1.1 200 OK\r\n\r\nuntil the end");
                            socket.close();
                        })
                .reply(OK);

        assertThat(read(get())).isEqualTo("until the end");
        assertThat(read(get())).isEqualTo("ok");

        assertThat(server.accepted).hasValue(2);
    }

    @Test
    void skipsInterimResponses() throws IOException {
        server.reply(
                "HTTP/1.1 100 Continue\r\n\r\n"
                        + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nX-Final: yes\r\nContent-Length: 2\r\n\r\nok");

        UpstreamResponse response = get();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().first("X-Final")).hasValue("yes");
        assertThat(response.headers().first("Link")).isEmpty();
        assertThat(read(response)).isEqualTo("ok");
    }

    @Test
    void closesConnectionAfterConnectionCloseEvenIfTheServerKeepsItOpen() throws IOException {
        server.reply("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
                .reply("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")
                .reply(OK);

        assertThat(read(get())).isEqualTo("ok");
        assertThat(read(get())).isEqualTo("ok");
        assertThat(read(get())).isEqualTo("ok");

        assertThat(server.accepted).hasValue(3);
        await().untilAsserted(() -> assertThat(server.closedByClient).hasValue(2));
    }

    @Test
    void reusesHttp10ConnectionThatSaysKeepAlive() throws IOException {
        server.reply("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok")
                .reply(OK);

        assertThat(read(get())).isEqualTo("ok");
        assertThat(read(get())).isEqualTo("ok");

        assertThat(server.accepted).hasValue(1);
    }

    @Test
    void readsNoBodyFor204And304AndHeadAndKeepsTheConnection() throws IOException {
        server.reply("HTTP/1.1 204 No Content\r\n\r\n")
                .reply("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n")
                .reply("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n")
                .reply(OK);

        assertThat(read(get())).isEmpty();
        assertThat(read(get())).isEmpty();
        UpstreamRequest head = UpstreamRequest.builder("HEAD", server.uri("/mcp")).build();
        assertThat(read(client.send(head, TIMEOUT))).isEmpty();
        assertThat(read(get())).isEqualTo("ok");

        assertThat(server.accepted).hasValue(1);
    }

    @Test
    void doesNotUseAnIdleConnectionTheServerClosed() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        server.reply(
                        (socket, out) -> {
                            ScriptedServer.write(out, OK);
                            socket.close();
                            closed.countDown();
                        })
                .reply(OK);

        assertThat(read(get())).isEqualTo("ok");
        // The answer can be read before the server has closed: only a closed connection is the
        // case here (a close racing the next request is the next tests' case).
        assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(read(get())).isEqualTo("ok");

        assertThat(server.accepted).hasValue(2);
    }

    @Test
    void neverSendsAgainWhenAReusedConnectionClosesAfterReadingTheWholeRequest()
            throws IOException {
        // The server may be running the request (a tools/call): sending it again runs it twice.
        server.reply(OK).reply((socket, out) -> socket.close()).reply(OK);

        assertThat(read(get())).isEqualTo("ok");
        assertThatThrownBy(this::get)
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("closed the connection before responding");

        assertThat(server.accepted).hasValue(1);
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void aWriteTheServerDoesNotReadTimesOut() throws IOException {
        try (ServerSocket stalled = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Accepted by the kernel's backlog and never read: the request fills the buffers.
            UpstreamRequest request =
                    UpstreamRequest.builder(
                                    "POST",
                                    URI.create(
                                            "http://127.0.0.1:" + stalled.getLocalPort() + "/mcp"))
                            .body(new byte[64 * 1024 * 1024])
                            .build();
            UpstreamClient quick =
                    new UpstreamClient(
                            Duration.ofSeconds(2),
                            Duration.ofMillis(300),
                            new UpstreamConnectionPool(64, Duration.ofSeconds(4)),
                            SSLContext::getDefault);
            try (quick) {
                assertThatThrownBy(() -> quick.send(request, TIMEOUT))
                        .isInstanceOf(WriteTimeoutException.class)
                        .hasMessage("upstream did not accept the request within PT0.3S");
            }
        }
    }

    @Test
    void neverSendsAgainOnANewConnection() {
        server.reply((socket, out) -> socket.close()).reply(OK);

        assertThatThrownBy(this::get)
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("closed the connection before responding");
        assertThat(server.accepted).hasValue(1);
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void neverSendsAgainAfterAResponseByteArrived() throws IOException {
        server.reply(OK)
                .reply(
                        (socket, out) -> {
                            ScriptedServer.write(out, "HTTP/1.1 200");
                            socket.close();
                        })
                .reply(OK);

        assertThat(read(get())).isEqualTo("ok");
        assertThatThrownBy(this::get).isInstanceOf(EOFException.class);

        assertThat(server.accepted).hasValue(1);
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void rejectsResponseHeadOverTheLimit() {
        server.reply("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n");

        assertThatThrownBy(this::get)
                .isInstanceOf(ProtocolException.class)
                .hasMessage("upstream response head is larger than 65536 bytes");
    }

    @Test
    void rejectsMalformedStatusLineAndContentLength() {
        server.reply("HTTP/2 200 OK\r\n\r\n")
                .reply("HTTP/1.1 200 OK\r\nContent-Length: 2, 3\r\n\r\nok");

        assertThatThrownBy(this::get)
                .isInstanceOf(ProtocolException.class)
                .hasMessage("upstream sent a malformed status line: 'HTTP/2 200 OK'");
        assertThatThrownBy(this::get)
                .isInstanceOf(ProtocolException.class)
                .hasMessage("upstream sent an invalid Content-Length: '2, 3'");
    }

    @Test
    void timesOutWaitingForTheHeadButNotWhileAStreamingBodyIsSlow() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.reply((socket, out) -> release.await())
                .reply(
                        (socket, out) -> {
                            ScriptedServer.write(
                                    out, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n");
                            Thread.sleep(600);
                            ScriptedServer.write(out, "ab");
                            Thread.sleep(600);
                            ScriptedServer.write(out, "cd");
                        });
        Duration short_ = Duration.ofMillis(300);
        UpstreamRequest request = UpstreamRequest.builder("GET", server.uri("/mcp")).build();
        try {
            assertThatThrownBy(() -> client.send(request, short_))
                    .isInstanceOf(SocketTimeoutException.class);
        } finally {
            release.countDown();
        }

        assertThat(read(client.send(request, short_))).isEqualTo("abcd");
    }

    @Test
    void closingTheBodyBeforeItsEndClosesTheConnection() throws IOException {
        server.reply("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst part").reply(OK);

        UpstreamResponse response = get();
        assertThat(response.body().readNBytes(10)).asString().isEqualTo("first part");
        response.close();

        await().untilAsserted(() -> assertThat(server.closedByClient).hasValue(1));
        assertThat(read(get())).isEqualTo("ok");
        assertThat(server.accepted).hasValue(2);
    }

    @Test
    void closesConnectionsIdleLongerThanAllowed() throws Exception {
        client.close();
        client = client(new UpstreamConnectionPool(64, Duration.ofMillis(200)));
        server.reply(OK)
                .reply(OK)
                .reply("HTTP/1.1 200 OK\r\nKeep-Alive: timeout=1\r\nContent-Length: 2\r\n\r\nok")
                .reply(OK);

        assertThat(read(get())).isEqualTo("ok");
        Thread.sleep(400);
        assertThat(read(get())).isEqualTo("ok");
        assertThat(server.accepted).hasValue(2);
        // timeout=1 leaves no idle time below the server's own limit.
        assertThat(read(get())).isEqualTo("ok");
        assertThat(read(get())).isEqualTo("ok");

        assertThat(server.accepted).hasValue(3);
        await().untilAsserted(() -> assertThat(server.closedByClient).hasValue(2));
    }

    @Test
    void keepsAtMostTheLimitOfIdleConnectionsPerOrigin() throws IOException {
        client.close();
        client = client(new UpstreamConnectionPool(1, Duration.ofSeconds(4)));
        server.reply(OK).reply(OK);

        UpstreamResponse first = get();
        UpstreamResponse second = get();
        assertThat(read(first)).isEqualTo("ok");
        assertThat(read(second)).isEqualTo("ok");

        assertThat(server.accepted).hasValue(2);
        await().untilAsserted(() -> assertThat(server.closedByClient).hasValue(1));
        client.close();
        await().untilAsserted(() -> assertThat(server.closedByClient).hasValue(2));
    }

    @Test
    void reportsRefusedConnectionAsConnectException() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/mcp");
        }
        UpstreamRequest request = UpstreamRequest.builder("GET", closed).build();

        assertThatThrownBy(() -> client.send(request, TIMEOUT))
                .isInstanceOf(ConnectException.class);
    }
}
