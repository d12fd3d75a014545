package io.reflow.gateway.aggregate;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.proxy.JsonRpcErrors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * {@code GET /mcp}: the GET streams of every member merged into one, one virtual thread reading
 * each and one writer. Ends when every member's stream ended or the client left (then every member
 * stream is closed). Members without a GET stream are passed over; with none at all the answer is
 * 405, as a server without GET streams answers.
 */
final class GetStreams {

    private static final Logger LOG = Logger.getLogger(GetStreams.class.getName());

    private final Calls calls;

    GetStreams(Calls calls) {
        this.calls = calls;
    }

    void serve(Context ctx, ServerResponse res) {
        List<Opened> opened = open(ctx);
        if (opened.isEmpty()) {
            res.header(HeaderNames.ALLOW, "POST, DELETE");
            JsonRpcErrors.send(
                    res,
                    405,
                    null,
                    JsonRpcErrors.INVALID_REQUEST,
                    "no target of this session offers a GET stream");
            return;
        }
        SseWriter out = new SseWriter(res);
        List<Thread> readers = new ArrayList<>();
        for (Opened stream : opened) {
            readers.add(
                    Thread.ofVirtual()
                            .name("mcp-get-" + stream.target())
                            .start(() -> pump(stream, out, opened)));
        }
        try {
            for (Thread reader : readers) {
                reader.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opened.forEach(s -> s.stream().abort());
        } finally {
            out.close();
        }
    }

    private record Opened(String target, InnerStream stream) {}

    /** Opens every member's GET stream at once; those that fail are left out. */
    private List<Opened> open(Context ctx) {
        List<Opened> opened = new CopyOnWriteArrayList<>();
        List<Thread> openers = new ArrayList<>();
        for (AggregateSessions.Member member : ctx.session().members()) {
            openers.add(
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        try {
                                            InnerStream stream =
                                                    calls.open(
                                                            ctx.caller(),
                                                            member.target(),
                                                            member.session(),
                                                            "GET",
                                                            null,
                                                            calls.timeout(member.target()));
                                            if (stream.sse()) {
                                                opened.add(new Opened(member.target(), stream));
                                            } else {
                                                stream.close();
                                            }
                                        } catch (InnerFailure e) {
                                            LOG.fine(
                                                    () ->
                                                            "no GET stream of "
                                                                    + member.target()
                                                                    + ": "
                                                                    + e.getMessage());
                                        }
                                    }));
        }
        for (Thread opener : openers) {
            try {
                opener.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return opened;
    }

    private static void pump(Opened stream, SseWriter out, List<Opened> all) {
        try (InnerStream in = stream.stream()) {
            String message;
            while ((message = in.nextData()) != null) {
                boolean there =
                        message == InnerStream.KEEP_ALIVE_DATA
                                ? out.keepAlive()
                                : out.write(Relay.outward(stream.target(), message));
                if (!there) {
                    // The client left: every member's stream ends with it.
                    all.forEach(s -> s.stream().abort());
                    return;
                }
            }
        } catch (IOException e) {
            LOG.fine(() -> "GET stream of " + stream.target() + " ended: " + e.getMessage());
        }
    }
}
