package io.reflow.gateway.proxy.http;

import java.nio.charset.StandardCharsets;

/** Turns a request into the exact bytes sent: request line, header fields, body, in one array. */
final class RequestEncoder {

    private RequestEncoder() {}

    /** The request as HTTP/1.1 bytes, with {@code Host} and, for a body, {@code Content-Length}. */
    static byte[] encode(UpstreamRequest request, Origin origin) {
        StringBuilder head = new StringBuilder(256);
        head.append(request.method()).append(' ').append(target(request)).append(" HTTP/1.1\r\n");
        head.append("Host: ")
                .append(request.host() != null ? request.host() : origin.hostHeader())
                .append("\r\n");
        for (UpstreamRequest.Field field : request.headers()) {
            head.append(field.name()).append(": ").append(field.value()).append("\r\n");
        }
        byte[] body = request.body();
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        if (body == null || body.length == 0) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** Path and query as the URL encodes them; {@code /} for an empty path. */
    private static String target(UpstreamRequest request) {
        String path = request.uri().getRawPath();
        String query = request.uri().getRawQuery();
        String target = path == null || path.isEmpty() ? "/" : path;
        return query == null ? target : target + "?" + query;
    }
}
