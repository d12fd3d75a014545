package io.reflow.gateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UpstreamRequestTest {

    private static final URI URL = URI.create("http://upstream/mcp");

    private static UpstreamRequest.Builder post() {
        return UpstreamRequest.builder("POST", URL);
    }

    @Test
    void rejectsLineBreaksInHeaderValuesNamingTheHeader() {
        assertThatThrownBy(() -> post().header("X-Api-Key", "key\r\nX-Injected: 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header 'X-Api-Key' value contains a line break (CR or LF)");
        assertThatThrownBy(() -> post().header("X-Api-Key", "key\nmore"))
                .hasMessage("header 'X-Api-Key' value contains a line break (CR or LF)");
        assertThatThrownBy(() -> post().header("X-Api-Key", "key\0"))
                .hasMessage("header 'X-Api-Key' value contains a control character");
    }

    @Test
    void rejectsHeaderNamesThatAreNotTokensOrThatTheClientSets() {
        assertThatThrownBy(() -> post().header("X-Bad\r\nName", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header name 'X-Bad\\r\\nName' is not a valid HTTP token");
        assertThatThrownBy(() -> post().header("X Api Key", "v"))
                .hasMessage("header name 'X Api Key' is not a valid HTTP token");
        assertThatThrownBy(() -> post().header("content-length", "5"))
                .hasMessage(
                        "header 'content-length' is set by the upstream client and cannot be given");
    }

    @Test
    void rejectsOtherSchemesAndBadMethods() {
        assertThatThrownBy(() -> UpstreamRequest.builder("GET", URI.create("ftp://h/x")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("upstream URL must use http or https, not 'ftp'");
        assertThatThrownBy(() -> UpstreamRequest.builder("GET /x", URL).build())
                .hasMessage("request method 'GET /x' is not a valid HTTP token");
    }

    @Test
    void encodesHostWithoutDefaultPortAndKeepsIpv6Brackets() {
        UpstreamRequest https =
                UpstreamRequest.builder("GET", URI.create("https://api.example:443")).build();
        UpstreamRequest ipv6 =
                UpstreamRequest.builder("DELETE", URI.create("http://[::1]:8080/mcp")).build();

        assertThat(encode(https)).isEqualTo("GET / HTTP/1.1\r\nHost: api.example\r\n\r\n");
        assertThat(encode(ipv6)).isEqualTo("DELETE /mcp HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n");
        assertThat(Origin.of(ipv6.uri()).socketHost()).isEqualTo("::1");
    }

    private static String encode(UpstreamRequest request) {
        return new String(
                RequestEncoder.encode(request, Origin.of(request.uri())), StandardCharsets.UTF_8);
    }
}
