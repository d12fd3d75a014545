package io.reflow.gateway.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/** JSON-RPC exchanges with one member's {@code /mcp/{target}}, on top of {@link InnerClient}. */
final class Calls {

    private static final Logger LOG = Logger.getLogger(Calls.class.getName());

    private final InnerClient client;
    private final Function<String, Duration> timeouts;

    /**
     * Calls whose answers must start within {@code timeouts} of the target (a kubernetes target's
     * includes the time a new instance may take to get Ready) unless a call says otherwise.
     */
    Calls(InnerClient client, Function<String, Duration> timeouts) {
        this.client = client;
        this.timeouts = timeouts;
    }

    /** The time an answer of {@code target} may take to start. */
    Duration timeout(String target) {
        return timeouts.apply(target);
    }

    /**
     * Sends a request and reads its answer whole: the response with the request's id (messages
     * before it, such as progress, are dropped).
     */
    JsonNode request(Caller caller, AggregateSessions.Member member, ObjectNode message)
            throws InnerFailure {
        return request(caller, member, message, timeout(member.target()));
    }

    /** {@link #request(Caller, AggregateSessions.Member, ObjectNode)} with its own timeout. */
    JsonNode request(
            Caller caller, AggregateSessions.Member member, ObjectNode message, Duration within)
            throws InnerFailure {
        JsonNode id = message.get("id");
        try (InnerStream stream =
                open(
                        caller,
                        member.target(),
                        member.session(),
                        "POST",
                        Json.write(message),
                        within)) {
            JsonNode next;
            while ((next = stream.next()) != null) {
                if (next.has("id") && !next.has("method") && next.get("id").equals(id)) {
                    return next;
                }
            }
            throw new InnerFailure(200, "the answer ended before the response");
        } catch (IOException e) {
            throw failure(member.target(), e);
        }
    }

    /** Sends a notification or a response to a server's request; true when accepted. */
    boolean deliver(Caller caller, AggregateSessions.Member member, byte[] body) {
        try (InnerStream stream =
                open(
                        caller,
                        member.target(),
                        member.session(),
                        "POST",
                        body,
                        timeout(member.target()))) {
            return stream.status() < 300;
        } catch (InnerFailure e) {
            LOG.fine(() -> "delivery to " + member.target() + " failed: " + e.getMessage());
            return false;
        }
    }

    /**
     * Opens a call and checks its status: a status of 300 or more is an {@link InnerFailure} with
     * the per-target endpoint's message.
     */
    InnerStream open(
            Caller caller,
            String target,
            String session,
            String httpMethod,
            byte[] body,
            Duration within)
            throws InnerFailure {
        InnerStream stream;
        try {
            stream = client.send(caller, httpMethod, target, session, body, within);
        } catch (IOException | IllegalArgumentException e) {
            throw failure(target, e);
        }
        if (stream.status() >= 300) {
            try (stream) {
                throw new InnerFailure(stream.status(), stream.errorText(), stream.decision());
            }
        }
        return stream;
    }

    private static InnerFailure failure(String target, Exception e) {
        LOG.log(Level.FINE, "call to target " + target + " failed", e);
        return new InnerFailure(
                InnerFailure.NO_ANSWER,
                e instanceof java.net.SocketTimeoutException
                        ? "no answer in time"
                        : "call failed (" + e.getClass().getSimpleName() + ")");
    }
}
