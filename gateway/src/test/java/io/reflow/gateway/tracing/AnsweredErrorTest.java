package io.reflow.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The scanners that find a JSON-RPC error in an answer as it streams, fed in small pieces. */
class AnsweredErrorTest {

    @Test
    void findsTheCodeOfAnErrorResponse() {
        assertThat(
                        json(
                                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"x\"}}"))
                .isEqualTo(-32602);
        assertThat(json("{\"error\" : { \"message\":\"x\", \"code\" : -32601 }, \"id\":2}"))
                .isEqualTo(-32601);
    }

    @Test
    void findsTheErrorOfOneMessageInABatch() {
        assertThat(json("[{\"id\":1,\"result\":{}},{\"id\":2,\"error\":{\"code\":-32000}}]"))
                .isEqualTo(-32000);
    }

    @Test
    void aResultNamingErrorsOrCodesIsNoError() {
        assertThat(
                        json(
                                "{\"id\":1,\"result\":{\"error\":{\"code\":-1},\"content\":"
                                        + "[{\"text\":\"\\\"error\\\":{\\\"code\\\":-2}\"}]}}"))
                .isNull();
        assertThat(json("{\"id\":1,\"result\":{\"code\":5},\"x\":\"error\"}")).isNull();
        assertThat(json("not json at all { \"error\"")).isNull();
    }

    @Test
    void findsTheErrorEventOfAnSseStreamAfterOtherEvents() {
        String stream =
                ": keep-alive\r\n\r\n"
                        + "event: message\r\ndata: {\"method\":\"notifications/progress\","
                        + "\"params\":{\"error\":{\"code\":1}}}\r\n\r\n"
                        + "id: 7\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":3,\n"
                        + "data: \"error\":{\"code\":-32603,\"message\":\"boom\"}}\n\n";
        assertThat(sse(stream)).isEqualTo(-32603);
        assertThat(sse("event: message\ndata: {\"id\":3,\"result\":{}}\n\n")).isNull();
    }

    @Test
    void anEventCutShortDoesNotSpillIntoTheNext() {
        assertThat(sse("data: {\"id\":1,\"result\":{\"x\":\n\ndata: {\"id\":2,\"result\":{}}\n\n"))
                .isNull();
    }

    private static Integer json(String text) {
        return fedInPieces(new JsonRpcErrorScanner(), text);
    }

    private static Integer sse(String text) {
        return fedInPieces(new SseErrorScanner(), text);
    }

    /** Feeds {@code text} three bytes at a time, as a slow stream would arrive. */
    private static Integer fedInPieces(AnswerScanner scanner, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 3) {
            scanner.feed(bytes, i, Math.min(3, bytes.length - i));
        }
        return scanner.errorCode();
    }
}
