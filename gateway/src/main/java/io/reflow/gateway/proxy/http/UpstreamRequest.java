package io.reflow.gateway.proxy.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One request to an upstream: method, URL, header fields in order, and an optional body. Header
 * names and values are checked as they are added, so nothing can inject a line into the request.
 *
 * @param method the request method, e.g. {@code POST}
 * @param uri the absolute http or https URL
 * @param headers the header fields, in the order they are sent
 * @param body the body, or null for a request without body
 * @param host the {@code Host} value to send, or null for the URL's host and port
 */
public record UpstreamRequest(
        String method, URI uri, List<Field> headers, byte[] body, String host) {

    /** Fields the client writes itself from the URL and the body; callers may not set them. */
    private static final Set<String> MANAGED =
            Set.of(
                    "host",
                    "content-length",
                    "transfer-encoding",
                    "connection",
                    "keep-alive",
                    "upgrade",
                    "expect",
                    "te",
                    "trailer");

    /** Checks the method and copies the header list. */
    public UpstreamRequest {
        if (!isToken(method)) {
            throw new IllegalArgumentException(
                    "request method '" + printable(method) + "' is not a valid HTTP token");
        }
        Origin.of(uri);
        headers = List.copyOf(headers);
        if (host != null) {
            // Checked as any field value is: no line may be injected through it.
            new Field("Host-Value", host);
        }
    }

    /** A request that sends the URL's host and port as {@code Host}. */
    public UpstreamRequest(String method, URI uri, List<Field> headers, byte[] body) {
        this(method, uri, headers, body, null);
    }

    /** A builder for a request with {@code method} to {@code uri}. */
    public static Builder builder(String method, URI uri) {
        return new Builder(method, uri);
    }

    /**
     * One header field.
     *
     * @param name the field name, an HTTP token
     * @param value the value, without line breaks or other control characters except tab
     */
    public record Field(String name, String value) {

        /** Rejects names that are not tokens or are managed by the client, and unsafe values. */
        public Field {
            if (!isToken(name)) {
                throw new IllegalArgumentException(
                        "header name '" + printable(name) + "' is not a valid HTTP token");
            }
            if (MANAGED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(
                        "header '" + name + "' is set by the upstream client and cannot be given");
            }
            if (value == null) {
                throw new IllegalArgumentException("header '" + name + "' has no value");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n') {
                    throw new IllegalArgumentException(
                            "header '" + name + "' value contains a line break (CR or LF)");
                }
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw new IllegalArgumentException(
                            "header '" + name + "' value contains a control character");
                }
            }
        }
    }

    /** Collects the header fields and body of a request. */
    public static final class Builder {

        private final String method;
        private final URI uri;
        private final List<Field> headers = new ArrayList<>();
        private byte[] body;
        private String host;

        private Builder(String method, URI uri) {
            this.method = method;
            this.uri = uri;
        }

        /** Adds a header field; throws {@link IllegalArgumentException} naming a bad field. */
        public Builder header(String name, String value) {
            headers.add(new Field(name, value));
            return this;
        }

        /** Sets the body, sent with {@code Content-Length}. */
        public Builder body(byte[] body) {
            this.body = body;
            return this;
        }

        /**
         * Sends {@code value} as {@code Host} in place of the URL's host and port: a request to the
         * gateway's own address on behalf of a client keeps the client's {@code Host}.
         */
        public Builder host(String value) {
            this.host = value;
            return this;
        }

        /** The request. */
        public UpstreamRequest build() {
            return new UpstreamRequest(method, uri, headers, body, host);
        }
    }

    private static boolean isToken(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphanumeric =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The text with line breaks shown as escapes, for error messages. */
    private static String printable(String text) {
        return text == null ? "null" : text.replace("\r", "\\r").replace("\n", "\\n");
    }
}
