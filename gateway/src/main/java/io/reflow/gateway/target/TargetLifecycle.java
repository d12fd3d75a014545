package io.reflow.gateway.target;

/**
 * What happens to a target's running instances when the target changes. The Kubernetes transport
 * implements it; without Kubernetes nothing runs, so {@link #NONE} does nothing.
 */
public interface TargetLifecycle {

    /** Does nothing; restarts report zero instances. */
    TargetLifecycle NONE =
            new TargetLifecycle() {
                @Override
                public int restartInstances(Target target) {
                    return 0;
                }

                @Override
                public void targetUpdated(Target before, Target after) {}

                @Override
                public void targetDeleted(Target target) {}

                @Override
                public void envChanged(Target target, EnvScope scope) {}
            };

    /** Deletes every running instance of the target; returns how many were deleted. */
    int restartInstances(Target target);

    /** Called after a target was updated (e.g. a new image rolls its instances). */
    void targetUpdated(Target before, Target after);

    /** Called after a target was deleted: its instances go too. */
    void targetDeleted(Target target);

    /** Called after one env config of a target changed. */
    void envChanged(Target target, EnvScope scope);
}
