package io.reflow.gateway.api;

import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.instances.InstanceView;
import io.reflow.gateway.kubernetes.SubjectKeys;
import io.reflow.gateway.proxy.UpstreamUnavailableException;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetCatalog;
import io.reflow.mcp.api.IsolationBoundary;
import io.reflow.mcp.api.McpResources;
import java.util.Optional;

/**
 * Whose instance is it: an instance belongs to every identity whose subject key for its target
 * hashes to the instance's subject hash, the same rule that routes that identity's requests there.
 */
final class Ownership {

    private final TargetCatalog catalog;

    Ownership(TargetCatalog catalog) {
        this.catalog = catalog;
    }

    /** Whether {@code identity} sees the instance: admins all, users those serving them. */
    boolean sees(InstanceView view, Identity identity) {
        if (identity.admin()) {
            return true;
        }
        Optional<Target> target = catalog.find(view.target());
        if (target.isEmpty() || view.subjectHash() == null) {
            return false;
        }
        try {
            String key = SubjectKeys.of(target.get(), identity);
            return McpResources.subjectHash(key).equals(view.subjectHash());
        } catch (UpstreamUnavailableException e) {
            // The boundary needs a claim this identity lacks: it has no instance of that target.
            return false;
        }
    }

    /**
     * Whether {@code identity} may restart it: admins any, users only their own instances of
     * targets isolated per user (a shared, per-role or per-group instance serves others too).
     */
    boolean mayRestart(InstanceView view, Identity identity) {
        if (identity.admin()) {
            return true;
        }
        return sees(view, identity)
                && catalog.find(view.target())
                        .map(t -> t.effectiveIsolation() == IsolationBoundary.PER_USER)
                        .orElse(false);
    }
}
