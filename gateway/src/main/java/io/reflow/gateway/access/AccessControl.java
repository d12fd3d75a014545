package io.reflow.gateway.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.audit.AuditNote;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.proxy.HeaderValues;
import io.reflow.gateway.proxy.JsonRpcErrors;
import io.reflow.gateway.proxy.McpProxy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Enforces the policies on one exchange of {@code /mcp/{target}}, before it reaches any transport:
 * a target the caller may not use at all is a 403; a call, get, read or subscribe of a denied item
 * is a JSON-RPC error naming the item; list requests get a {@link ListFilter} for their answers.
 * When no policy can deny anything to the caller on the target, the body is not even parsed.
 */
public final class AccessControl {

    private final PolicyCatalog catalog;
    private final int maxAnswerBytes;

    /** Enforces the policies of {@code catalog}; list answers are buffered up to the limit. */
    public AccessControl(PolicyCatalog catalog, int maxAnswerBytes) {
        this.catalog = catalog;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    /**
     * The exchange to serve (with its list filter), or null after answering a refusal.
     *
     * @param ex the exchange after every other check, its POST body read
     * @param res where a refusal is answered
     */
    public McpProxy.Exchange apply(McpProxy.Exchange ex, ServerResponse res) {
        AuditNote note = AuditNote.current();
        note.exchange(ex);
        String target = ex.target().name();
        PolicyIndex.View view = catalog.index().view(ex.identity(), target);
        Decision forTarget = view.target();
        note.decided(null, forTarget);
        if (!forTarget.allowed()) {
            JsonRpcErrors.send(
                    res,
                    403,
                    ex.message().id(),
                    JsonRpcErrors.UNAUTHORIZED,
                    "target '" + target + "' is not allowed for this caller");
            return null;
        }
        if (view.allowsEverything() || !ex.httpMethod().equals("POST")) {
            return ex;
        }
        List<RequestScan> requests;
        try {
            requests = requests(ex.message().body());
        } catch (Json.DuplicateKeyException e) {
            // With a key given twice, the gateway and the upstream could read different names
            // (parsers differ on which one wins), and the check would not be the one applied.
            String key = e.key() == null ? "" : e.key();
            JsonRpcErrors.send(
                    res,
                    400,
                    ex.message().id(),
                    JsonRpcErrors.INVALID_REQUEST,
                    "key '"
                            + HeaderValues.safe(key.length() > 64 ? key.substring(0, 64) : key)
                            + "' is given twice in one object");
            return null;
        } catch (IOException e) {
            // The front validated it, so this does not happen; if it did, fail closed.
            JsonRpcErrors.send(
                    res,
                    400,
                    ex.message().id(),
                    JsonRpcErrors.PARSE_ERROR,
                    "the message cannot be read to apply the access policies");
            return null;
        }
        Map<String, ListKind> lists = new HashMap<>();
        for (RequestScan request : requests) {
            if (!check(request, view, target, lists, res, ex, note)) {
                return null;
            }
        }
        return lists.isEmpty()
                ? ex
                : ex.withListFilter(new ListFilter(lists, view, maxAnswerBytes));
    }

    /**
     * The requests of a body: one message is scanned without a tree (its arguments may be large); a
     * batch (protocol 2025-03-26 only) is read whole, strictly, and each message scanned.
     */
    private static List<RequestScan> requests(byte[] body) throws IOException {
        int first = 0;
        while (first < body.length && Character.isWhitespace(body[first])) {
            first++;
        }
        if (first == body.length || body[first] != '[') {
            return List.of(RequestScan.of(body));
        }
        List<RequestScan> requests = new ArrayList<>();
        for (JsonNode message : Json.readStrict(body)) {
            if (message.isObject()) {
                requests.add(RequestScan.of(Json.write(message)));
            }
        }
        return requests;
    }

    /** Checks one JSON-RPC request; false after answering a refusal. */
    private static boolean check(
            RequestScan request,
            PolicyIndex.View view,
            String target,
            Map<String, ListKind> lists,
            ServerResponse res,
            McpProxy.Exchange ex,
            AuditNote note) {
        McpItem item = request.item();
        if (item != null) {
            Decision decision = view.decide(item.type(), item.name());
            note.decided(item, decision);
            if (!decision.allowed()) {
                // HTTP 200: the exchange worked, the request was refused, as an upstream would.
                JsonRpcErrors.send(
                        res,
                        200,
                        ex.message().id(),
                        JsonRpcErrors.UNAUTHORIZED,
                        item.describe()
                                + " is not allowed for this caller on target '"
                                + target
                                + "'");
                return false;
            }
        }
        ListKind kind = ListKind.of(request.method());
        if (kind != null && request.id() != null && !request.id().isNull()) {
            String key = ListFilter.key(request.id());
            if (key == null) {
                JsonRpcErrors.send(
                        res,
                        400,
                        ex.message().id(),
                        JsonRpcErrors.INVALID_REQUEST,
                        "id: a list request on a target with access policies needs a string or"
                                + " integer id (at most 2^53 - 1)");
                return false;
            }
            lists.put(key, kind);
        }
        return true;
    }
}
