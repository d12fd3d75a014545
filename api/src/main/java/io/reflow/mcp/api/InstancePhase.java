package io.reflow.mcp.api;

/** Where an instance is in its life; the gateway proxies only to {@link #Ready} instances. */
public enum InstancePhase {
    /** Accepted; the operator has not created the Pod yet. */
    Pending,
    /** The Pod exists and is not Ready yet. */
    Starting,
    /** The Pod is Ready and the Service has an endpoint. */
    Ready,
    /** The instance cannot run as specified; {@code status.message} says why. */
    Failed,
    /** The instance is being deleted. */
    Terminating
}
