package io.reflow.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.crypto.Aead;
import io.reflow.gateway.json.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's {@code Mcp-Session-Id}: target, identity and upstream session sealed with
 * AES-256-GCM under a key every replica shares, so any replica can serve any session with no shared
 * store. A token that was altered or sealed with another key opens to nothing.
 *
 * <p>Sessions end after {@code session.timeout} of inactivity. The id stays the same for the whole
 * session (MCP clients keep the id of the initialize response), so activity cannot ride in it: each
 * replica remembers when it last served a session (bounded, least recently used dropped first). A
 * session is alive while it was initialized, or last served by this replica, less than the timeout
 * ago. A replica that has not served an older session for that long answers 404, and the client
 * initializes a new session, as MCP clients must on 404.
 */
public final class SessionTokens {

    private static final String PURPOSE = "reflow-mcp-session-v2";
    private static final int REMEMBERED_LIMIT = 50_000;

    private final Aead aead;
    private final Duration timeout;
    private final Clock clock;
    // Access-ordered: the eldest entry is the session idle longest. Guarded by itself.
    private final LinkedHashMap<String, Seen> seen =
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                    return size() > REMEMBERED_LIMIT;
                }
            };

    /** An opened session and when this replica last served it. */
    private record Seen(Session session, Instant lastActivity) {}

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

    /**
     * Opens a session id and counts the request as activity; empty when it is forged, altered,
     * foreign or idle for longer than the timeout.
     */
    public Optional<Session> open(String token) {
        if (token == null || token.isEmpty() || token.length() > 4096) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Seen known;
        synchronized (seen) {
            known = seen.get(token);
        }
        Session session = known != null ? known.session() : decode(token).orElse(null);
        if (session == null) {
            return Optional.empty();
        }
        Instant lastActivity =
                known != null && known.lastActivity().isAfter(session.issuedAt())
                        ? known.lastActivity()
                        : session.issuedAt();
        synchronized (seen) {
            if (now.isAfter(lastActivity.plus(timeout))) {
                seen.remove(token);
                return Optional.empty();
            }
            seen.put(token, new Seen(session, now));
        }
        return Optional.of(session);
    }

    /** Counts the end of a request (a long stream, say) as activity of the session. */
    public void touch(String token) {
        Instant now = clock.instant();
        synchronized (seen) {
            seen.computeIfPresent(token, (t, s) -> new Seen(s.session(), now));
        }
    }

    private Optional<Session> decode(String token) {
        Optional<byte[]> plain = aead.open(token, PURPOSE);
        if (plain.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.read(plain.get());
            return Optional.of(
                    new Session(
                            node.path("t").asText(),
                            node.path("s").asText(),
                            node.path("u").asText(),
                            Instant.ofEpochSecond(node.path("i").asLong())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
