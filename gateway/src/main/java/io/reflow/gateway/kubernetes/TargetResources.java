package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.reflow.gateway.target.Resources;
import io.reflow.gateway.target.Target;
import io.reflow.mcp.api.MCPTarget;
import io.reflow.mcp.api.MCPTargetBuilder;
import io.reflow.mcp.api.MCPTargetSpec;
import io.reflow.mcp.api.McpResources;
import java.util.Map;
import java.util.TreeMap;

/** Converts between a gateway {@link Target} and its {@code MCPTarget} resource; pure. */
public final class TargetResources {

    private TargetResources() {}

    /** The MCPTarget that stores {@code target}: name = target name, spec = its fields. */
    public static MCPTarget toResource(Target target, String namespace) {
        MCPTargetSpec spec = new MCPTargetSpec();
        spec.setTransportType(target.transportType());
        spec.setUrl(target.url());
        spec.setImage(target.image());
        spec.setPort(target.port());
        spec.setHealthPath(target.healthPath());
        spec.setMcpPath(target.mcpPath());
        spec.setCommand(target.command());
        spec.setArgs(target.args());
        spec.setStatefulness(target.statefulness());
        spec.setIsolationBoundary(target.isolationBoundary());
        spec.setAuthType(target.authType());
        spec.setAuthHeaderName(target.authHeaderName());
        spec.setResources(DesiredInstance.resources(target.resources()));
        spec.setToolPrefix(target.toolPrefix());
        return new MCPTargetBuilder()
                .withNewMetadata()
                .withName(target.name())
                .withNamespace(namespace)
                .addToLabels(McpResources.LABEL_MANAGED_BY, McpResources.MANAGED_BY_GATEWAY)
                .endMetadata()
                .withSpec(spec)
                .build();
    }

    /** The target an MCPTarget stores; never read-only (the REST API may change it). */
    public static Target fromResource(MCPTarget resource) {
        MCPTargetSpec spec = resource.getSpec() == null ? new MCPTargetSpec() : resource.getSpec();
        return new Target(
                resource.getMetadata().getName(),
                spec.getTransportType(),
                spec.getUrl(),
                spec.getImage(),
                spec.getPort(),
                spec.getHealthPath(),
                spec.getMcpPath(),
                spec.getCommand(),
                spec.getArgs(),
                spec.getStatefulness(),
                spec.getIsolationBoundary(),
                spec.getAuthType(),
                spec.getAuthHeaderName(),
                resources(spec.getResources()),
                false,
                null,
                spec.getToolPrefix());
    }

    private static Resources resources(ResourceRequirements requirements) {
        if (requirements == null) {
            return null;
        }
        return new Resources(
                strings(requirements.getRequests()), strings(requirements.getLimits()));
    }

    private static Map<String, String> strings(Map<String, Quantity> quantities) {
        Map<String, String> values = new TreeMap<>();
        if (quantities != null) {
            quantities.forEach((name, quantity) -> values.put(name, quantity.toString()));
        }
        return values;
    }
}
