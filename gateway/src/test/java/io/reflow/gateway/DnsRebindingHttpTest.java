package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A browser page on a rebound DNS name that looks like loopback is refused over HTTP. */
class DnsRebindingHttpTest {

    @TempDir static Path dir;
    private static Gateway gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayFixture.start(dir, "");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void refusesLoopbackLookAlikeOriginAndHost() throws Exception {
        HttpResponse<String> origin =
                GatewayFixture.send(
                        HttpRequest.newBuilder(gateway.baseUri().resolve("/api/targets"))
                                .header("Authorization", "Bearer " + GatewayFixture.ADMIN_TOKEN)
                                .header("Origin", "http://127.0.0.1.attacker.net")
                                .build());
        assertThat(origin.statusCode()).isEqualTo(403);
        assertThat(origin.body()).contains("server.allowed_origins");

        assertThat(statusLine("127.0.0.1.evil.com:" + gateway.port())).contains(" 403 ");
        assertThat(statusLine("localhost.evil.com")).contains(" 403 ");
        assertThat(statusLine("localhost:" + gateway.port())).contains(" 200 ");
    }

    @Test
    void bothMcpEndpointsRefuseALookAlikeOriginBeforeLookingAtTheToken() {
        for (String path : java.util.List.of("/mcp", "/mcp/anything")) {
            HttpResponse<String> refused =
                    GatewayFixture.send(
                            GatewayFixture.mcpPost(
                                            gateway.baseUri().resolve(path),
                                            "not-a-valid-token",
                                            GatewayFixture.INITIALIZE)
                                    .header("Origin", "http://localhost.attacker.net")
                                    .build());
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).as(path).isEmpty();
            assertThat(refused.body()).as(path).contains("server.allowed_origins");
        }
    }

    /** The status line of a GET /api/targets with {@code host} as Host header (a raw socket). */
    private static String statusLine(String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("GET /api/targets HTTP/1.1\r\nHost: "
                                    + host
                                    + "\r\nAuthorization: Bearer "
                                    + GatewayFixture.ADMIN_TOKEN
                                    + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }
}
