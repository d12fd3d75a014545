package io.reflow.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TraceContextTest {

    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void addsTraceparentToTheMetaOfARequestKeepingTheClientsKeys() {
        String out =
                withMeta(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                                + "\"_meta\":{\"progressToken\":5,\"traceparent\":\"00-old\"}}}");
        assertThat(out)
                .isEqualTo(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                                + "\"_meta\":{\"progressToken\":5,\"traceparent\":\""
                                + PARENT
                                + "\"}}}");
    }

    @Test
    void givesParamsToARequestWithoutAndMarksEveryRequestOfABatch() {
        assertThat(withMeta("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))
                .isEqualTo(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":{\"traceparent\":\""
                                + PARENT
                                + "\"}}}");
        assertThat(
                        withMeta(
                                "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},"
                                        + "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}]"))
                .isEqualTo(
                        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"_meta\":{\"traceparent\":\""
                                + PARENT
                                + "\"}}},{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}]");
    }

    @Test
    void leavesResponsesPositionalParamsAndNonJsonAsTheyAre() {
        for (String body :
                new String[] {
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}",
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"x\",\"params\":[1,2]}",
                    "not json"
                }) {
            assertThat(withMeta(body)).isEqualTo(body);
        }
    }

    @Test
    void hasNoHeadersAndLeavesTheBodyWithoutACurrentSpan() {
        assertThat(TraceContext.headers()).isEmpty();
        byte[] body = "{\"id\":1,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(TraceContext.withMeta(body, TraceContext.headers().get("traceparent")))
                .isSameAs(body);
    }

    @Test
    void headersNameTheCurrentSpan() {
        SpanContext context =
                SpanContext.create(
                        "4bf92f3577b34da6a3ce929d0e0e4736",
                        "00f067aa0ba902b7",
                        TraceFlags.getSampled(),
                        TraceState.getDefault());
        try (Scope scope = Span.wrap(context).makeCurrent()) {
            assertThat(TraceContext.headers()).containsEntry("traceparent", PARENT);
        }
    }

    private static String withMeta(String body) {
        return new String(
                TraceContext.withMeta(body.getBytes(StandardCharsets.UTF_8), PARENT),
                StandardCharsets.UTF_8);
    }
}
