package io.reflow.gateway.stdio;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * One message channel to an MCP server the gateway speaks to itself: a stdio process, or a legacy
 * HTTP+SSE connection. Messages the server sends go to its {@link MessageRouter}.
 */
interface Channel {

    /** Random id, sealed into the session ids of its clients. */
    String id();

    /** The target's name. */
    String target();

    MessageRouter router();

    Instant startedAt();

    Instant lastActivity();

    /** Counts a request as activity, which keeps the channel from being collected as idle. */
    void touch();

    /** Sends one JSON-RPC message to the server. */
    void send(byte[] json) throws IOException;

    /** Stops the channel; later calls do nothing. Its clients are told once it has ended. */
    void stop(String reason);

    /** Waits for the channel to end; false when it is still open after {@code wait}. */
    boolean awaitExit(Duration wait);

    /** Opens a channel; {@code onExit} runs once it has ended and its clients were told. */
    @FunctionalInterface
    interface Opener {
        Channel open(java.util.function.Consumer<Channel> onExit) throws IOException;
    }
}
