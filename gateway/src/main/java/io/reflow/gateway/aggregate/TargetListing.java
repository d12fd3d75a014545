package io.reflow.gateway.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.Version;
import io.reflow.gateway.access.UpstreamItems;
import io.reflow.gateway.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists what one target offers through this gateway's own {@code /mcp/{target}}, as a given caller:
 * a session of its own (initialize, the four lists as its capabilities announce them, then DELETE),
 * so the per-target endpoint applies its checks, limits and policies exactly as for that caller.
 * Bounded: at most {@value #MAX_PAGES} pages and {@value #MAX_ITEMS} items a list, and the whole
 * listing within the target's timeout.
 */
public final class TargetListing {

    /** The most pages read of one list. */
    static final int MAX_PAGES = 10;

    /** The most items kept of one list. */
    static final int MAX_ITEMS = 1000;

    private final Calls calls;

    TargetListing(Calls calls) {
        this.calls = calls;
    }

    /** A target that could not be listed, with a message fit for the caller. */
    public static final class Failure extends Exception {

        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** How long the listing of {@code target} may take in all. */
    public Duration budget(String target) {
        return calls.timeout(target);
    }

    /**
     * The items of {@code target} as {@code caller} sees them through {@code /mcp/{target}}.
     *
     * @throws Failure when the target refuses, cannot be reached, or is too slow
     */
    public UpstreamItems list(Caller caller, String target) throws Failure {
        long deadline = System.nanoTime() + budget(target).toNanos();
        AggregateSessions.Member member;
        JsonNode capabilities;
        try (InnerStream stream =
                calls.open(caller, target, "", "POST", initialize(), left(deadline))) {
            member =
                    new AggregateSessions.Member(
                            target, stream.header("mcp-session-id").orElse(""));
            capabilities = initializeResult(stream).path("capabilities");
        } catch (InnerFailure e) {
            throw new Failure(failure(e));
        } catch (IOException e) {
            throw new Failure("the initialize answer broke (" + e.getClass().getSimpleName() + ")");
        }
        try {
            calls.deliver(caller, member, notification());
            Lists lists = new Lists();
            return new UpstreamItems(
                    lists.read(caller, member, capabilities, ListPages.Kind.TOOLS, deadline),
                    lists.read(caller, member, capabilities, ListPages.Kind.PROMPTS, deadline),
                    lists.read(caller, member, capabilities, ListPages.Kind.RESOURCES, deadline),
                    lists.read(caller, member, capabilities, ListPages.Kind.TEMPLATES, deadline),
                    lists.truncated);
        } finally {
            end(caller, member);
        }
    }

    /** Reads the lists of one session and remembers whether one was cut. */
    private final class Lists {

        private boolean truncated;

        /** Every page of one list (none when the capability is not announced), names only. */
        List<String> read(
                Caller caller,
                AggregateSessions.Member member,
                JsonNode capabilities,
                ListPages.Kind kind,
                long deadline)
                throws Failure {
            List<String> names = new ArrayList<>();
            // Templates come with the resources capability.
            if (!capabilities.has(kind == ListPages.Kind.TEMPLATES ? "resources" : kind.field)) {
                return names;
            }
            String nameField =
                    switch (kind) {
                        case TOOLS, PROMPTS -> "name";
                        case RESOURCES -> "uri";
                        case TEMPLATES -> "uriTemplate";
                    };
            String cursor = null;
            for (int page = 0; page < MAX_PAGES; page++) {
                JsonNode result = page(caller, member, kind, cursor, deadline);
                for (JsonNode item : result.path(kind.field)) {
                    if (names.size() == MAX_ITEMS) {
                        truncated = true;
                        return names;
                    }
                    names.add(item.path(nameField).asText(""));
                }
                cursor = result.path("nextCursor").asText(null);
                if (cursor == null) {
                    return names;
                }
            }
            truncated = true;
            return names;
        }
    }

    /** The result of one page; a server without that list (method not found) has none. */
    private JsonNode page(
            Caller caller,
            AggregateSessions.Member member,
            ListPages.Kind kind,
            String cursor,
            long deadline)
            throws Failure {
        ObjectNode request =
                Json.object().put("jsonrpc", "2.0").put("id", 2).put("method", kind.method);
        ObjectNode params = request.putObject("params");
        if (cursor != null) {
            params.put("cursor", cursor);
        }
        JsonNode answer;
        try {
            answer = calls.request(caller, member, request, left(deadline));
        } catch (InnerFailure e) {
            throw new Failure(kind.method + ": " + failure(e));
        }
        if (answer.has("result")) {
            return answer.get("result");
        }
        if (answer.path("error").path("code").asInt() == -32601) {
            return Json.object();
        }
        throw new Failure(
                kind.method
                        + " answered an error: "
                        + answer.path("error").path("message").asText(""));
    }

    private static JsonNode initializeResult(InnerStream stream) throws IOException, Failure {
        JsonNode message;
        while ((message = stream.next()) != null) {
            if (message.has("result")) {
                return message.get("result");
            }
            if (message.has("error")) {
                throw new Failure(
                        "initialize answered an error: "
                                + message.path("error").path("message").asText(""));
            }
        }
        throw new Failure("the answer ended before the initialize result");
    }

    /** Ends the listing's session; a server that keeps none, or is gone, is fine. */
    private void end(Caller caller, AggregateSessions.Member member) {
        if (member.session().isEmpty()) {
            return;
        }
        try {
            calls.open(
                            caller,
                            member.target(),
                            member.session(),
                            "DELETE",
                            null,
                            calls.timeout(member.target()))
                    .close();
        } catch (InnerFailure e) {
            // Nothing to end.
        }
    }

    /** The time left until {@code deadline}; a call with none left fails at once. */
    private static Duration left(long deadline) throws Failure {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new Failure("no complete answer within the target's timeout");
        }
        return Duration.ofNanos(nanos);
    }

    private static String failure(InnerFailure e) {
        return e.status() == InnerFailure.NO_ANSWER
                ? e.getMessage()
                : "HTTP " + e.status() + ": " + e.getMessage();
    }

    private static byte[] initialize() {
        ObjectNode request =
                Json.object().put("jsonrpc", "2.0").put("id", 1).put("method", "initialize");
        ObjectNode params = request.putObject("params");
        params.put("protocolVersion", "2025-06-18");
        params.putObject("capabilities");
        params.putObject("clientInfo")
                .put("name", "reflow-gateway-access")
                .put("version", Version.current());
        return Json.write(request);
    }

    private static byte[] notification() {
        return Json.write(
                Json.object().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
    }
}
