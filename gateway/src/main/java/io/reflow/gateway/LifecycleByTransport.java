package io.reflow.gateway;

import io.reflow.gateway.target.EnvScope;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetLifecycle;
import io.reflow.mcp.api.TransportType;

/** Hands each target change to the lifecycle of the target's transport. */
final class LifecycleByTransport implements TargetLifecycle {

    private final TargetLifecycle kubernetes;
    private final TargetLifecycle stdio;

    LifecycleByTransport(TargetLifecycle kubernetes, TargetLifecycle stdio) {
        this.kubernetes = kubernetes;
        this.stdio = stdio;
    }

    private TargetLifecycle of(Target target) {
        return target.transportType() == TransportType.STDIO
                        || target.transportType() == TransportType.SSE
                ? stdio
                : kubernetes;
    }

    @Override
    public int restartInstances(Target target) {
        return of(target).restartInstances(target);
    }

    @Override
    public void targetUpdated(Target before, Target after) {
        of(before).targetUpdated(before, after);
        if (of(after) != of(before)) {
            of(after).targetUpdated(before, after);
        }
    }

    @Override
    public void targetDeleted(Target target) {
        of(target).targetDeleted(target);
    }

    @Override
    public void envChanged(Target target, EnvScope scope) {
        of(target).envChanged(target, scope);
    }
}
