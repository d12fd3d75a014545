package io.reflow.e2e;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Mints HS256 user tokens the way an identity provider would, for the gateway's JWT auth. */
final class Jwt {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Jwt() {}

    /** A token for {@code subject} with {@code role} and {@code groups}, valid for an hour. */
    static String hs256(String secret, String subject, String role, List<String> groups) {
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
        long now = Instant.now().getEpochSecond();
        String groupArray =
                groups.stream()
                        .map(g -> "\"" + g + "\"")
                        .collect(Collectors.joining(",", "[", "]"));
        String claims =
                "{\"sub\":\"%s\",\"role\":\"%s\",\"groups\":%s,\"iat\":%d,\"exp\":%d}"
                        .formatted(subject, role, groupArray, now, now + 3600);
        String signingInput = encode(header) + "." + encode(claims);
        return signingInput + "." + URL.encodeToString(sign(secret, signingInput));
    }

    private static String encode(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sign(String secret, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
