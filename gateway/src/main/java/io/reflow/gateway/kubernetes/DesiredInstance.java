package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.reflow.gateway.config.KubernetesConfig;
import io.reflow.gateway.target.Resources;
import io.reflow.gateway.target.Target;
import io.reflow.mcp.api.Durations;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceBuilder;
import io.reflow.mcp.api.MCPInstanceSpec;
import io.reflow.mcp.api.McpResources;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the MCPInstance of one subject of one target; never touches the cluster. */
public final class DesiredInstance {

    private DesiredInstance() {}

    /**
     * The desired MCPInstance: the target's image, port, probe, command, args, resources and MCP
     * path; idle TTL and max lifetime from the config; the Secret and its content hash; activity
     * recorded as {@code now}.
     */
    public static MCPInstance desired(
            Target target,
            String subjectKey,
            String secretHash,
            KubernetesConfig config,
            Instant now) {
        return desired(target, subjectKey, secretHash, config, now, List.of());
    }

    /**
     * {@link #desired(Target, String, String, KubernetesConfig, Instant)} owned by {@code owners}.
     */
    public static MCPInstance desired(
            Target target,
            String subjectKey,
            String secretHash,
            KubernetesConfig config,
            Instant now,
            List<OwnerReference> owners) {
        String name = McpResources.instanceName(target.name(), subjectKey);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(McpResources.ANNOTATION_SECRET_HASH, secretHash);
        annotations.put(McpResources.ANNOTATION_LAST_ACTIVITY, now.toString());
        MCPInstanceSpec spec = spec(target);
        spec.setTargetName(target.name());
        spec.setSubjectKey(subjectKey);
        spec.setSecretName(McpResources.secretName(name));
        spec.setIdleTTL(Durations.format(config.idleTtl()));
        spec.setMaxLifetime(Durations.format(config.maxLifetime()));
        return new MCPInstanceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(config.namespace())
                .withLabels(
                        McpResources.instanceLabels(
                                target.name(), subjectKey, McpResources.MANAGED_BY_GATEWAY))
                .withAnnotations(annotations)
                .withOwnerReferences(owners)
                .endMetadata()
                .withSpec(spec)
                .build();
    }

    /**
     * The part of a spec that comes from the target (image, port, health path, MCP path, command,
     * args, resources); what {@code targetUpdated} writes into existing instances.
     */
    public static MCPInstanceSpec spec(Target target) {
        MCPInstanceSpec spec = new MCPInstanceSpec();
        applyTarget(spec, target);
        return spec;
    }

    /** Overwrites the target-derived fields of {@code spec}; returns whether any changed. */
    public static boolean applyTarget(MCPInstanceSpec spec, Target target) {
        MCPInstanceSpec before = copyTargetFields(spec);
        spec.setImage(target.image());
        spec.setPort(target.port() == null ? McpResources.DEFAULT_PORT : target.port());
        spec.setHealthPath(emptyToNull(target.healthPath()));
        spec.setMcpPath(
                target.mcpPath() == null || target.mcpPath().isEmpty()
                        ? McpResources.DEFAULT_MCP_PATH
                        : target.mcpPath());
        spec.setCommand(target.command());
        spec.setArgs(target.args());
        spec.setResources(resources(target.resources()));
        return !before.equals(copyTargetFields(spec));
    }

    /** The fabric8 form of a target's resources, or null when it sets none. */
    public static ResourceRequirements resources(Resources resources) {
        if (resources == null || (resources.requests().isEmpty() && resources.limits().isEmpty())) {
            return null;
        }
        return new ResourceRequirementsBuilder()
                .withRequests(quantities(resources.requests()))
                .withLimits(quantities(resources.limits()))
                .build();
    }

    private static Map<String, Quantity> quantities(Map<String, String> values) {
        Map<String, Quantity> quantities = new TreeMap<>();
        values.forEach((name, value) -> quantities.put(name, new Quantity(value)));
        return quantities;
    }

    /** A copy of the spec fields that come from the target (the ones a target update changes). */
    static MCPInstanceSpec copyTargetFields(MCPInstanceSpec spec) {
        MCPInstanceSpec copy = new MCPInstanceSpec();
        copy.setImage(spec.getImage());
        copy.setPort(spec.getPort());
        copy.setHealthPath(spec.getHealthPath());
        copy.setMcpPath(spec.getMcpPath());
        copy.setCommand(spec.getCommand());
        copy.setArgs(spec.getArgs());
        copy.setResources(spec.getResources());
        return copy;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
