package io.reflow.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/** Turns request values into what an audit record may hold: cut, hashed or validated. */
final class Texts {

    /** The most characters of a client-given name (method, item, path) a record keeps. */
    static final int MAX_NAME = 256;

    private static final Pattern TRACEPARENT =
            Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String NO_TRACE = "0".repeat(32);

    private Texts() {}

    /** {@code text} cut to {@link #MAX_NAME} characters. */
    static String cut(String text) {
        return text == null || text.length() <= MAX_NAME ? text : text.substring(0, MAX_NAME);
    }

    /** The first 16 hex digits of the SHA-256 of the session id, or null without one. */
    static String sessionHash(Optional<String> session) {
        if (session.isEmpty() || session.get().isEmpty()) {
            return null;
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(session.get().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The trace id of a valid W3C {@code traceparent} header, or null. */
    static String traceId(Optional<String> traceparent) {
        if (traceparent.isEmpty()) {
            return null;
        }
        var matcher = TRACEPARENT.matcher(traceparent.get().trim());
        if (!matcher.matches() || matcher.group(1).equals(NO_TRACE)) {
            return null;
        }
        return matcher.group(1);
    }
}
