package io.reflow.gateway.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.crypto.Aead;
import io.reflow.gateway.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The {@code Mcp-Session-Id} of {@code /mcp}: the caller's identity key and, for every target that
 * joined, its name and its own {@code /mcp/{target}} session id, deflated and sealed with
 * AES-256-GCM under a key derived from {@code session.key}. Any replica opens it; nothing is
 * shared.
 *
 * <p>A session ends after {@code session.timeout} without a request, even when no target joined or
 * its targets keep no sessions of their own. The id cannot change, so activity cannot ride in it:
 * as for the per-target ids, each replica remembers when it last served a session (bounded, least
 * recently used dropped first), and a session is open while it was issued, or last served by this
 * replica, less than the timeout ago.
 */
public final class AggregateSessions {

    /** Longest session id accepted; the id of ten targets has 2,614 characters. */
    static final int MAX_TOKEN_LENGTH = 8192;

    private static final String PURPOSE = "reflow-mcp-aggregate-session-v1";
    private static final int MAX_PLAIN_BYTES = 64 * 1024;

    private static final int REMEMBERED_LIMIT = 10_000;

    private final Aead aead;
    private final Duration timeout;
    private final Clock clock;
    // Opened ids and their last use, least recently used dropped first: opening costs a
    // decryption and an inflate on every request otherwise. Guarded by itself.
    private final LinkedHashMap<String, Seen> opened =
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                    return size() > REMEMBERED_LIMIT;
                }
            };

    /** An opened session and when this replica last served it. */
    private record Seen(Session session, Instant lastUse) {}

    /**
     * Seals with a key derived from {@code sessionKey}, the key every replica shares; a session
     * ends after {@code timeout} ({@code session.timeout}) without a request.
     */
    public AggregateSessions(String sessionKey, Duration timeout, Clock clock) {
        this.aead = Aead.derived(sessionKey, PURPOSE);
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * One target in an aggregate session.
     *
     * @param target the target name
     * @param session the gateway's {@code Mcp-Session-Id} of {@code /mcp/{target}}, empty when the
     *     target's server keeps no sessions
     */
    public record Member(String target, String session) {}

    /**
     * What an aggregate session id carries.
     *
     * @param identityKey the key of the identity that opened the session
     * @param members the targets that joined, in the order of their names
     * @param issuedAt when the session was opened
     */
    public record Session(String identityKey, List<Member> members, Instant issuedAt) {

        /** Copies the list. */
        public Session {
            members = List.copyOf(members);
        }

        /** The member for {@code target}, if it joined. */
        public Optional<Member> member(String target) {
            return members.stream().filter(m -> m.target().equals(target)).findFirst();
        }
    }

    /** Seals a new session id. */
    public String issue(String identityKey, List<Member> members) {
        ObjectNode payload = Json.object();
        payload.put("s", identityKey);
        payload.put("i", clock.instant().getEpochSecond());
        ArrayNode list = payload.putArray("m");
        for (Member member : members) {
            list.addArray().add(member.target()).add(member.session());
        }
        return aead.seal(deflate(Json.write(payload)), PURPOSE);
    }

    /**
     * Opens a session id and counts the request as a use; empty when it is forged, altered, foreign
     * to this key, too long, or unused for longer than the timeout.
     */
    public Optional<Session> open(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        Seen known;
        synchronized (opened) {
            known = opened.get(token);
        }
        Session session = known != null ? known.session() : decode(token).orElse(null);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant lastUse =
                known != null && known.lastUse().isAfter(session.issuedAt())
                        ? known.lastUse()
                        : session.issuedAt();
        synchronized (opened) {
            if (now.isAfter(lastUse.plus(timeout))) {
                opened.remove(token);
                return Optional.empty();
            }
            opened.put(token, new Seen(session, now));
        }
        return Optional.of(session);
    }

    /** Counts the end of a request (a long stream, say) as a use of the session. */
    public void touch(String token) {
        Instant now = clock.instant();
        synchronized (opened) {
            opened.computeIfPresent(token, (t, seen) -> new Seen(seen.session(), now));
        }
    }

    private Optional<Session> decode(String token) {
        Optional<byte[]> sealed = aead.open(token, PURPOSE);
        if (sealed.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.read(inflate(sealed.get()));
            List<Member> members = new ArrayList<>();
            for (JsonNode member : node.path("m")) {
                members.add(new Member(member.path(0).asText(), member.path(1).asText()));
            }
            return Optional.of(
                    new Session(
                            node.path("s").asText(),
                            members,
                            Instant.ofEpochSecond(node.path("i").asLong())));
        } catch (IOException | DataFormatException e) {
            return Optional.empty();
        }
    }

    private static byte[] deflate(byte[] plain) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(plain);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length);
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] compressed) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 3);
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_PLAIN_BYTES) {
                    throw new DataFormatException("too large");
                }
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
