package io.reflow.gateway.proxy;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Marks the requests the gateway sends to its own {@code /mcp/{target}} on behalf of an {@code
 * /mcp} request, with a header holding a random secret of this process. Such a request does not
 * take a slot of {@code server.max_concurrent_per_identity}: the {@code /mcp} request it serves
 * holds one already, and its fan-out must not lock its own caller out. The secret never leaves the
 * process (no upstream request copies client headers), and a client's guess is compared in constant
 * time and otherwise ignored.
 */
public final class InternalCalls {

    /** The marking header. */
    public static final String HEADER = "Reflow-Internal-Call";

    /** The marking header as a Helidon name. */
    public static final HeaderName HEADER_NAME = HeaderNames.create(HEADER);

    private final byte[] secret;
    private final String value;

    private InternalCalls(byte[] secret) {
        this.secret = secret;
        this.value = new String(secret, StandardCharsets.US_ASCII);
    }

    /** A marker with a fresh random secret. */
    public static InternalCalls random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new InternalCalls(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The header value that marks an internal call. */
    public String value() {
        return value;
    }

    /** Whether {@code header} carries this process's secret. */
    public boolean marks(Optional<String> header) {
        return header.isPresent()
                && MessageDigest.isEqual(secret, header.get().getBytes(StandardCharsets.US_ASCII));
    }
}
