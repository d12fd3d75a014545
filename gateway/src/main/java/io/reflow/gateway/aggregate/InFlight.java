package io.reflow.gateway.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routed requests of {@code /mcp} this replica is relaying now, by session and the client's
 * request id: a client's {@code notifications/cancelled} names only that id, and must reach the one
 * target that holds the request, whose answer then stops.
 */
final class InFlight {

    private final ConcurrentHashMap<Key, Held> held = new ConcurrentHashMap<>();

    /** A session id and a request id as JSON text ({@code 7} and {@code "7"} differ). */
    private record Key(String token, String id) {}

    /** One routed request: the member that holds it and, once it answered, its answer. */
    static final class Held {
        private final Key key;
        private final AggregateSessions.Member member;
        private InnerStream answer;
        private boolean cancelled;

        private Held(Key key, AggregateSessions.Member member) {
            this.key = key;
            this.member = member;
        }

        /** The member the request went to. */
        AggregateSessions.Member member() {
            return member;
        }

        /** Records the answer being relayed; ends it at once if the request was cancelled. */
        synchronized void answering(InnerStream stream) {
            answer = stream;
            if (cancelled) {
                stream.abort();
            }
        }

        /** Whether the client cancelled the request. */
        synchronized boolean cancelled() {
            return cancelled;
        }

        /** Ends the relay of the answer: the client gets nothing more of it. */
        synchronized void stop() {
            cancelled = true;
            if (answer != null) {
                answer.abort();
            }
        }
    }

    /**
     * Holds request {@code id} of session {@code token}, sent to {@code member}. A request whose id
     * is already in flight in the session (a client reusing ids) is not held: a cancellation of
     * that id goes to the first.
     */
    Held hold(String token, JsonNode id, AggregateSessions.Member member) {
        Held entry = new Held(new Key(token, String.valueOf(id)), member);
        held.putIfAbsent(entry.key, entry);
        return entry;
    }

    /** Forgets a request once its relay ended. */
    void release(Held entry) {
        held.remove(entry.key, entry);
    }

    /**
     * Takes request {@code id} of session {@code token}, if this replica relays it now: the caller
     * tells its member, then {@link Held#stop() stops} its relay.
     */
    Optional<Held> take(String token, JsonNode id) {
        return Optional.ofNullable(held.remove(new Key(token, String.valueOf(id))));
    }
}
