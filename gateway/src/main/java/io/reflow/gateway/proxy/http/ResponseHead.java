package io.reflow.gateway.proxy.http;

import java.time.Duration;

/**
 * The status line and header fields of a response.
 *
 * @param minorVersion 1 for HTTP/1.1, 0 for HTTP/1.0
 * @param status the status code
 * @param headers the header fields
 */
record ResponseHead(int minorVersion, int status, ResponseHeaders headers) {

    /** A 1xx response, which a final response follows. */
    boolean interim() {
        return status < 200;
    }

    /**
     * Whether the server keeps the connection open after this response: HTTP/1.1 unless it says
     * {@code Connection: close}, HTTP/1.0 only if it says {@code Connection: keep-alive}.
     */
    boolean keepAlive() {
        if (headers.hasToken("connection", "close")) {
            return false;
        }
        return minorVersion > 0 || headers.hasToken("connection", "keep-alive");
    }

    /** The idle time the server announces in {@code Keep-Alive: timeout=N}, or null. */
    Duration keepAliveTimeout() {
        for (String value : headers.all("keep-alive")) {
            for (String parameter : value.split(",")) {
                int equals = parameter.indexOf('=');
                if (equals > 0
                        && parameter.substring(0, equals).trim().equalsIgnoreCase("timeout")) {
                    long seconds = Digits.decimal(parameter.substring(equals + 1).trim());
                    return seconds < 0 ? null : Duration.ofSeconds(seconds);
                }
            }
        }
        return null;
    }
}
