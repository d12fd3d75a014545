package io.reflow.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.crypto.Aead;
import io.reflow.gateway.json.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's {@code Mcp-Session-Id}: target, subject and upstream session sealed with
 * AES-256-GCM under a key every replica shares, so any replica can serve any session with no shared
 * store. A token that was altered, sealed with another key, or is older than the session timeout
 * opens to nothing. Opened ids are remembered (a bounded cache, checked for expiry on every use),
 * so a session's later requests skip the decryption.
 */
public final class SessionTokens {

    private static final String PURPOSE = "reflow-mcp-session-v1";
    private static final int CACHE_LIMIT = 10_000;

    private final Aead aead;
    private final Duration timeout;
    private final Clock clock;
    private final ConcurrentHashMap<String, Session> opened = new ConcurrentHashMap<>();

    /** Seals with a key derived from {@code sessionKey}. */
    public SessionTokens(String sessionKey, Duration timeout, Clock clock) {
        this.aead = Aead.derived(sessionKey, PURPOSE);
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * What a session id carries.
     *
     * @param target target name
     * @param identityKey {@link io.reflow.gateway.auth.Identity#key() key} of the identity that
     *     opened the session
     * @param upstreamSession the upstream server's session id
     * @param issuedAt when the session was opened
     */
    public record Session(
            String target, String identityKey, String upstreamSession, Instant issuedAt) {}

    /** Seals a new session id for {@code target}, an identity key and the upstream session. */
    public String issue(String target, String identityKey, String upstreamSession) {
        ObjectNode payload = Json.object();
        payload.put("t", target);
        payload.put("s", identityKey);
        payload.put("u", upstreamSession);
        payload.put("i", clock.instant().getEpochSecond());
        return aead.seal(Json.write(payload), PURPOSE);
    }

    /** Opens a session id; empty when it is forged, altered, foreign or expired. */
    public Optional<Session> open(String token) {
        if (token == null || token.isEmpty() || token.length() > 4096) {
            return Optional.empty();
        }
        Session known = opened.get(token);
        if (known != null) {
            Optional<Session> current = current(known);
            if (current.isEmpty()) {
                opened.remove(token);
            }
            return current;
        }
        Optional<Session> session = aead.open(token, PURPOSE).flatMap(this::decode);
        session.ifPresent(
                s -> {
                    if (opened.size() >= CACHE_LIMIT) {
                        opened.clear();
                    }
                    opened.put(token, s);
                });
        return session;
    }

    private Optional<Session> current(Session session) {
        return clock.instant().isAfter(session.issuedAt().plus(timeout))
                ? Optional.empty()
                : Optional.of(session);
    }

    private Optional<Session> decode(byte[] plain) {
        try {
            JsonNode node = Json.read(plain);
            Instant issued = Instant.ofEpochSecond(node.path("i").asLong());
            if (clock.instant().isAfter(issued.plus(timeout))) {
                return Optional.empty();
            }
            return Optional.of(
                    new Session(
                            node.path("t").asText(),
                            node.path("s").asText(),
                            node.path("u").asText(),
                            issued));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
