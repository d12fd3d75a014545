package io.reflow.gateway.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.reflow.gateway.access.Decision;
import io.reflow.gateway.access.PolicyCatalog;
import io.reflow.gateway.access.PolicyIndex;
import io.reflow.gateway.access.UpstreamItems;
import io.reflow.gateway.aggregate.Caller;
import io.reflow.gateway.aggregate.TargetListing;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.proxy.ConcurrencyLimiter;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What one identity may use, per target: whether it may use the target at all, and the tools,
 * prompts, resources and resource templates it may use there. The decisions come from the policy
 * index the proxy enforces; the items from the target itself, listed through {@code /mcp/{target}}
 * (every target at once, each within its timeout). A target that cannot be listed carries an {@code
 * error} and the others are still answered.
 */
public final class AccessReport {

    /**
     * The most reports one caller may have under way at once: each opens a session on every target,
     * and the calls it makes are not counted against {@code server.max_concurrent_per_identity}.
     */
    static final int MAX_PER_CALLER = 2;

    /** What a listing may take beyond its own budget before the answer goes without it. */
    private static final Duration GRACE = Duration.ofSeconds(2);

    private final TargetCatalog targets;
    private final PolicyCatalog policies;
    private final TargetListing listing;
    private final ConcurrencyLimiter running = new ConcurrencyLimiter(MAX_PER_CALLER);

    /**
     * Reports on {@code targets} with the policies of {@code policies}, listing through {@code
     * listing}.
     */
    public AccessReport(TargetCatalog targets, PolicyCatalog policies, TargetListing listing) {
        this.targets = targets;
        this.policies = policies;
        this.listing = listing;
    }

    /**
     * The report for {@code identity}.
     *
     * @param identity whose access is decided
     * @param lister whose credentials list the items: an admin sees every item, then the items are
     *     decided for {@code identity}
     * @param decisions whether to show which policy decided each target (for admins)
     * @throws ApiException (429) when the lister has {@link #MAX_PER_CALLER} reports under way
     */
    ObjectNode of(Identity identity, Caller lister, boolean decisions) {
        String key = lister.identity().key();
        if (!running.tryAcquire(key)) {
            throw new ApiException(
                    429,
                    "too_many_requests",
                    "this identity has "
                            + MAX_PER_CALLER
                            + " access reports under way already; wait for one to end",
                    null);
        }
        try {
            return report(identity, lister, decisions);
        } finally {
            running.release(key);
        }
    }

    private ObjectNode report(Identity identity, Caller lister, boolean decisions) {
        PolicyIndex index = policies.index();
        List<Target> sorted =
                targets.list().stream().sorted(Comparator.comparing(Target::name)).toList();
        ObjectNode out = Json.object();
        out.set("identity", MeApi.json(identity));
        ArrayNode list = out.putArray("targets");
        List<ObjectNode> entries = new ArrayList<>();
        List<Future<UpstreamItems>> listings = new ArrayList<>();
        // Not closed with try-with-resources: close() would wait for a listing past its budget.
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (Target target : sorted) {
                PolicyIndex.View view = index.view(identity, target.name());
                entries.add(list.addObject());
                listings.add(
                        entry(entries.getLast(), target.name(), view, decisions, lister, threads));
            }
            long start = System.nanoTime();
            for (int i = 0; i < sorted.size(); i++) {
                if (listings.get(i) != null) {
                    items(entries.get(i), sorted.get(i).name(), listings.get(i), start);
                }
            }
            return out;
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Fills in whether the target is usable and starts listing it when it is.
     *
     * @return the listing under way (its items already decided for the view), or null
     */
    private Future<UpstreamItems> entry(
            ObjectNode out,
            String name,
            PolicyIndex.View view,
            boolean decisions,
            Caller lister,
            ExecutorService threads) {
        out.put("name", name);
        Decision decision = view.target();
        out.put("usable", decision.allowed());
        if (decisions) {
            ObjectNode why = out.putObject("decision");
            why.put("reason", decision.reason().wire());
            if (decision.policyId() == null) {
                why.putNull("policy_id");
            } else {
                why.put("policy_id", decision.policyId());
            }
        }
        return decision.allowed()
                ? threads.submit(() -> listing.list(lister, name).allowedBy(view))
                : null;
    }

    /** The allowed items of a usable target, or why they could not be listed. */
    private void items(ObjectNode out, String name, Future<UpstreamItems> listed, long start) {
        long wait = start + listing.budget(name).plus(GRACE).toNanos() - System.nanoTime();
        UpstreamItems items;
        try {
            items = listed.get(Math.max(0, wait), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            listed.cancel(true);
            out.put("error", "no complete answer within " + listing.budget(name));
            return;
        } catch (ExecutionException e) {
            out.put(
                    "error",
                    e.getCause() instanceof TargetListing.Failure failure
                            ? failure.getMessage()
                            : "the listing failed ("
                                    + e.getCause().getClass().getSimpleName()
                                    + ")");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.put("error", "interrupted");
            return;
        }
        put(out, "tools", items.tools());
        put(out, "prompts", items.prompts());
        put(out, "resources", items.resources());
        put(out, "resource_templates", items.templates());
        out.put("truncated", items.truncated());
    }

    private static void put(ObjectNode out, String field, List<String> names) {
        ArrayNode array = out.putArray(field);
        names.forEach(array::add);
    }

    /**
     * The caller whose credentials list the targets: the REST request's {@code Authorization},
     * {@code Host} and {@code Origin}, so {@code /mcp/{target}} judges them as it judges the
     * client.
     */
    static Caller lister(Identity identity, ServerRequest req) {
        return new Caller(
                identity,
                req.headers().first(HeaderNames.AUTHORIZATION),
                req.headers().first(HeaderNames.HOST),
                req.headers().first(HeaderNames.ORIGIN),
                Optional.of("2025-06-18"),
                Map.of(),
                Optional.empty());
    }
}
