package io.reflow.gateway.proxy.http;

import java.net.ProtocolException;
import java.util.List;

/**
 * How a response body is delimited (RFC 9112, section 6.3), and whether the connection can serve
 * another request after it.
 *
 * @param kind the delimitation
 * @param length the body length for {@link Kind#LENGTH}, else 0
 * @param reusable whether the connection may be reused once the body was read to its end
 */
record BodyFraming(Kind kind, long length, boolean reusable) {

    /** The ways a body can end. */
    enum Kind {
        /** No body: HEAD requests, 204, 304. */
        EMPTY,
        /** {@code Content-Length} bytes. */
        LENGTH,
        /** {@code Transfer-Encoding: chunked}. */
        CHUNKED,
        /** Everything until the server closes the connection. */
        UNTIL_CLOSE
    }

    /** The framing of the body that follows {@code head}, the answer to a HEAD request or not. */
    static BodyFraming of(ResponseHead head, boolean headRequest) throws ProtocolException {
        boolean keepAlive = head.keepAlive();
        if (headRequest || head.status() == 204 || head.status() == 304) {
            return new BodyFraming(Kind.EMPTY, 0, keepAlive);
        }
        List<String> contentLength = head.headers().all("content-length");
        if (!head.headers().all("transfer-encoding").isEmpty()) {
            // With both fields the message may be an attempt at response splitting: decode by
            // Transfer-Encoding as required, but do not trust the connection afterwards.
            return lastCodingIsChunked(head)
                    ? new BodyFraming(Kind.CHUNKED, 0, keepAlive && contentLength.isEmpty())
                    : new BodyFraming(Kind.UNTIL_CLOSE, 0, false);
        }
        if (!contentLength.isEmpty()) {
            return new BodyFraming(Kind.LENGTH, contentLength(contentLength), keepAlive);
        }
        return new BodyFraming(Kind.UNTIL_CLOSE, 0, false);
    }

    private static ProtocolException invalidContentLength(List<String> values) {
        return new ProtocolException(
                "upstream sent an invalid Content-Length: '" + String.join(", ", values) + "'");
    }

    private static boolean lastCodingIsChunked(ResponseHead head) {
        List<String> values = head.headers().all("transfer-encoding");
        String[] codings = values.get(values.size() - 1).split(",");
        // "," splits into nothing: no coding, so not chunked.
        return codings.length > 0 && codings[codings.length - 1].trim().equalsIgnoreCase("chunked");
    }

    /** The one length all values agree on ({@code 5, 5} is 5); anything else is an error. */
    private static long contentLength(List<String> values) throws ProtocolException {
        long length = -1;
        for (String value : values) {
            for (String element : value.split(",")) {
                long parsed = Digits.decimal(element.trim());
                if (parsed < 0 || (length >= 0 && parsed != length)) {
                    throw invalidContentLength(values);
                }
                length = parsed;
            }
        }
        if (length < 0) {
            // Only separators (","): no length at all.
            throw invalidContentLength(values);
        }
        return length;
    }
}
