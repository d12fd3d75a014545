package io.reflow.gateway.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Puts the JSON-RPC error an upstream answered a request with on the spans of that request: the
 * CLIENT span of the call and the request's SERVER span get {@code error.type} and {@code
 * rpc.response.status_code} (the code, as the semantic conventions of JSON-RPC have it) and status
 * ERROR. Answers are read as they are relayed, never held; with no span recording nothing is read.
 */
public final class AnsweredError {

    private AnsweredError() {}

    /**
     * {@code answer} as it is, watched for a JSON-RPC error on its way to the client: a JSON body,
     * or an SSE stream ({@code sse}) whose events are. As it is when the current span records
     * nothing (tracing off, or not sampled).
     */
    public static InputStream watch(InputStream answer, boolean sse) {
        Span call = Span.current();
        if (!call.isRecording()) {
            return answer;
        }
        return new Watched(
                answer,
                sse ? new SseErrorScanner() : new JsonRpcErrorScanner(),
                call,
                McpSpan.current());
    }

    /** Marks the current spans when {@code message}, a whole JSON-RPC answer, is an error. */
    public static void inspect(byte[] message) {
        Span call = Span.current();
        if (message == null || !call.isRecording()) {
            return;
        }
        JsonRpcErrorScanner scanner = new JsonRpcErrorScanner();
        scanner.feed(message, 0, message.length);
        if (scanner.errorCode() != null) {
            found(call, McpSpan.current(), scanner.errorCode());
        }
    }

    /** Sets the error attributes and status of {@code span}. */
    static void mark(Span span, int code) {
        String text = Integer.toString(code);
        span.setAttribute(McpAttributes.ERROR_TYPE, text);
        span.setAttribute(McpAttributes.RESPONSE_STATUS, text);
        span.setAttribute(McpAttributes.ERROR_CODE, (long) code);
        span.setStatus(StatusCode.ERROR);
    }

    private static void found(Span call, McpSpan request, int code) {
        mark(call, code);
        if (request != null) {
            request.upstreamError(code);
        }
    }

    /** The answer, fed to a scanner as it is read, until it finds an error. */
    private static final class Watched extends FilterInputStream {

        private final AnswerScanner scanner;
        private final Span call;
        private final McpSpan request;
        private boolean done;

        Watched(InputStream in, AnswerScanner scanner, Span call, McpSpan request) {
            super(in);
            this.scanner = scanner;
            this.call = call;
            this.request = request;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                scan(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                scan(buffer, offset, n);
            }
            return n;
        }

        private void scan(byte[] buffer, int offset, int length) {
            if (done) {
                return;
            }
            scanner.feed(buffer, offset, length);
            if (scanner.errorCode() != null) {
                done = true;
                found(call, request, scanner.errorCode());
            }
        }
    }
}
