package io.reflow.gateway.stdio;

/**
 * One client session on a process: its id (sealed into the gateway's {@code Mcp-Session-Id}) and
 * its open GET stream, if any.
 */
final class ClientSession {

    private final String id;
    private Outbox stream;

    ClientSession(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    /** Opens the session's GET stream, ending the one open before (one at a time). */
    synchronized Outbox openStream() {
        if (stream != null) {
            stream.end(null);
        }
        stream = new Outbox();
        return stream;
    }

    /** Forgets {@code outbox} if it is still the open stream. */
    synchronized void streamClosed(Outbox outbox) {
        if (stream == outbox) {
            stream = null;
        }
    }

    /** The open GET stream, or null. */
    synchronized Outbox stream() {
        return stream;
    }

    /** Ends the GET stream: the session is over. */
    synchronized void end() {
        if (stream != null) {
            stream.end(null);
            stream = null;
        }
    }
}
