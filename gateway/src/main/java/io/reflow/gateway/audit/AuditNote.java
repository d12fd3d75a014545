package io.reflow.gateway.audit;

import io.reflow.gateway.access.Decision;
import io.reflow.gateway.access.McpItem;
import io.reflow.gateway.proxy.McpProxy;

/**
 * What the handling of one MCP request learns for its audit record: the policy decision and the
 * item it named, and the JSON-RPC error code when the gateway answered with an error itself. Bound
 * to the request's thread (each request has a virtual thread of its own) while {@link McpAudit}
 * runs the handler; outside of that, notes go nowhere.
 */
public final class AuditNote {

    private static final ThreadLocal<AuditNote> CURRENT = new ThreadLocal<>();
    private static final AuditNote NOWHERE = new AuditNote();

    private McpProxy.Exchange exchange;
    private McpItem item;
    private Decision decision;
    private Integer errorCode;

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
}
