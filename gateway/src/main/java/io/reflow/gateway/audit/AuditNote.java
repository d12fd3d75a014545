package io.reflow.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflow.gateway.access.Decision;
import io.reflow.gateway.access.McpItem;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.proxy.McpProxy;
import java.util.function.Consumer;

/**
 * What the handling of one MCP request learns for its audit record: on {@code /mcp/{target}} the
 * exchange, on {@code /mcp} the caller, the message and the target it was routed to; the policy
 * decision and the item it named, and the JSON-RPC error code when the gateway answered with an
 * error itself. Bound to the request's thread (each request has a virtual thread of its own) while
 * {@link McpAudit} runs the handler; outside of that, notes go nowhere.
 */
public final class AuditNote {

    private static final ThreadLocal<AuditNote> CURRENT = new ThreadLocal<>();
    private static final AuditNote NOWHERE = new AuditNote();

    private McpProxy.Exchange exchange;
    private McpItem item;
    private Decision decision;
    private Integer errorCode;
    private Identity caller;
    private String method;
    private JsonNode requestId;
    private String protocolVersion;
    private String routedTo;
    private Consumer<Decision> onDecision = decision -> {};

    AuditNote() {}

    /** The note of the request this thread serves, or one that keeps nothing. */
    public static AuditNote current() {
        AuditNote note = CURRENT.get();
        return note == null ? NOWHERE : note;
    }

    static void bind(AuditNote note) {
        CURRENT.set(note);
    }

    static void unbind() {
        CURRENT.remove();
    }

    /** Notes the exchange as far as it is known: caller, target, and later the message. */
    public void exchange(McpProxy.Exchange known) {
        if (this != NOWHERE) {
            this.exchange = known;
        }
    }

    /** Notes the policy decision and the item it was about (null for the target itself). */
    public void decided(McpItem decidedItem, Decision taken) {
        if (this == NOWHERE) {
            return;
        }
        this.item = decidedItem;
        this.decision = taken;
        onDecision.accept(taken);
    }

    /** Notes the authenticated caller of an {@code /mcp} request. */
    public void caller(Identity identity) {
        if (this != NOWHERE) {
            this.caller = identity;
        }
    }

    /**
     * Notes the JSON-RPC message of an {@code /mcp} request: its method, id and protocol version,
     * and the item it names as the client named it.
     */
    public void message(String rpcMethod, JsonNode id, String version, McpItem named) {
        if (this == NOWHERE) {
            return;
        }
        this.method = rpcMethod;
        this.requestId = id;
        this.protocolVersion = version;
        if (item == null) {
            this.item = named;
        }
    }

    /**
     * Notes that an {@code /mcp} request went to {@code target}, whose own call took {@code taken}
     * (null when it did not say).
     */
    public void routed(String target, Decision taken) {
        if (this == NOWHERE) {
            return;
        }
        this.routedTo = target;
        if (taken != null) {
            this.decision = taken;
        }
    }

    /** Has {@code listener} told of each decision as it is taken (before any answer is sent). */
    void onDecision(Consumer<Decision> listener) {
        this.onDecision = listener;
    }

    /** Notes that the gateway answered with JSON-RPC error {@code code}. */
    public void gatewayError(int code) {
        if (this != NOWHERE && errorCode == null) {
            errorCode = code;
        }
    }

    McpProxy.Exchange exchange() {
        return exchange;
    }

    McpItem item() {
        return item;
    }

    Decision decision() {
        return decision;
    }

    Integer errorCode() {
        return errorCode;
    }

    Identity caller() {
        return caller;
    }

    String method() {
        return method;
    }

    JsonNode requestId() {
        return requestId;
    }

    String protocolVersion() {
        return protocolVersion;
    }

    String routedTo() {
        return routedTo;
    }
}
