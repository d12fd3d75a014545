package io.reflow.gateway.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.json.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * {@code tools/list}, {@code prompts/list}, {@code resources/list} and {@code
 * resources/templates/list}: one page of {@code /mcp} is one page of one member, in the session's
 * order, with a cursor that says which member and which of its pages come next. Tool and prompt
 * names get the member's prefix (every other field kept as the server sent it); resources keep
 * their URIs and are remembered for routing.
 */
final class ListPages {

    private static final Logger LOG = Logger.getLogger(ListPages.class.getName());
    private static final int MAX_PAGES_FOR_NAMES = 100;

    /** The four lists: method, result field, and whether names are prefixed. */
    enum Kind {
        TOOLS("tools/list", "tools", true),
        PROMPTS("prompts/list", "prompts", true),
        RESOURCES("resources/list", "resources", false),
        TEMPLATES("resources/templates/list", "resourceTemplates", false);

        final String method;
        final String field;
        final boolean named;

        Kind(String method, String field, boolean named) {
            this.method = method;
            this.field = field;
            this.named = named;
        }

        static Kind of(String method) {
            for (Kind kind : values()) {
                if (kind.method.equals(method)) {
                    return kind;
                }
            }
            return null;
        }
    }

    private static final int MAX_WARNED = 10_000;

    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final Calls calls;
    private final ListIndex index;
    private final AggregateMetrics metrics;

    ListPages(Calls calls, ListIndex index, AggregateMetrics metrics) {
        this.calls = calls;
        this.index = index;
        this.metrics = metrics;
    }

    /**
     * The page {@code params.cursor} names (the first without one).
     *
     * @throws IllegalArgumentException when the cursor is not one of this endpoint's
     */
    ObjectNode page(Context ctx, Kind kind, JsonNode params) {
        List<Names.Prefixed> members = ctx.prefixes();
        ObjectNode result = Json.object();
        ArrayNode items = result.putArray(kind.field);
        if (members.isEmpty()) {
            return result;
        }
        JsonNode cursorNode = params.path("cursor");
        ListCursor cursor =
                cursorNode.isMissingNode() || cursorNode.isNull()
                        ? ListCursor.START
                        : ListCursor.decode(cursorNode.asText(""), members.size());
        // A member that cannot answer (down, or without this capability) is passed over.
        for (int i = cursor.member(); i < members.size(); i++) {
            Names.Prefixed member = members.get(i);
            JsonNode answer =
                    fetch(ctx, member, kind, i == cursor.member() ? cursor.upstream() : null);
            if (answer == null) {
                continue;
            }
            for (JsonNode item : answer.path(kind.field)) {
                JsonNode shown = show(ctx, kind, member, item);
                if (shown != null) {
                    items.add(shown);
                }
            }
            String next = answer.path("nextCursor").asText(null);
            if (next != null) {
                result.put("nextCursor", new ListCursor(i, next).encode());
            } else if (i + 1 < members.size()) {
                result.put("nextCursor", new ListCursor(i + 1, null).encode());
            }
            return result;
        }
        return result;
    }

    /** The {@code result} of one upstream page, or null when the member did not give one. */
    private JsonNode fetch(Context ctx, Names.Prefixed member, Kind kind, String upstreamCursor) {
        ObjectNode request = Json.object();
        request.put("jsonrpc", "2.0");
        request.put("id", 1);
        request.put("method", kind.method);
        ObjectNode params = request.putObject("params");
        if (upstreamCursor != null) {
            params.put("cursor", upstreamCursor);
        }
        try {
            JsonNode response = calls.request(ctx.caller(), ctx.member(member), request);
            return response.has("result") ? response.get("result") : null;
        } catch (InnerFailure e) {
            LOG.fine(() -> kind.method + " of " + member.target() + " failed: " + e.getMessage());
            return null;
        }
    }

    /** The item as the client sees it, or null when a clash leaves it out. */
    private JsonNode show(Context ctx, Kind kind, Names.Prefixed member, JsonNode item) {
        if (!item.isObject()) {
            return null;
        }
        if (!kind.named) {
            String key = kind == Kind.RESOURCES ? "uri" : "uriTemplate";
            if (item.path(key).isTextual()) {
                if (kind == Kind.RESOURCES) {
                    index.resource(ctx.token(), member.target(), item.get(key).asText());
                } else {
                    index.template(ctx.token(), member.target(), item.get(key).asText());
                }
            }
            return item;
        }
        String name = item.path("name").asText("");
        var rival = Names.shadowedBy(ctx.prefixes(), member, name, p -> names(ctx, kind, p));
        if (rival.isPresent()) {
            metrics.collision(member.target());
            // Every list would repeat it: one line per name and target until the process ends.
            if (warned.size() < MAX_WARNED && warned.add(member.target() + "\n" + name)) {
                LOG.warning(
                        "target "
                                + member.target()
                                + ": "
                                + kind.field
                                + " name '"
                                + Names.outward(member, name)
                                + "' is also shown by target "
                                + rival.get().target()
                                + ", which keeps it; left out of /mcp lists");
            }
            return null;
        }
        ObjectNode copy = ((ObjectNode) item).deepCopy();
        copy.put("name", Names.outward(member, name));
        return copy;
    }

    /** A member's own names of {@code kind}, all pages, remembered for a while. */
    Set<String> names(Context ctx, Kind kind, Names.Prefixed member) {
        var known = index.names(ctx.token(), kind.field, member.target());
        if (known.isPresent()) {
            return known.get();
        }
        Set<String> names = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES_FOR_NAMES; page++) {
            JsonNode answer = fetch(ctx, member, kind, cursor);
            if (answer == null) {
                break;
            }
            answer.path(kind.field).forEach(item -> names.add(item.path("name").asText("")));
            cursor = answer.path("nextCursor").asText(null);
            if (cursor == null) {
                break;
            }
        }
        index.names(ctx.token(), kind.field, member.target(), names);
        return names;
    }
}
