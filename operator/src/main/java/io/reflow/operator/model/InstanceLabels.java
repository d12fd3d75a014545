package io.reflow.operator.model;

import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import java.util.Map;

/** Labels of the objects the operator creates for one instance. */
public final class InstanceLabels {

    private InstanceLabels() {}

    /**
     * Contract labels with {@code managed-by: reflow-operator}; the instance label is the
     * instance's own name, so the Service selector always matches its Pod.
     */
    public static Map<String, String> of(MCPInstance instance) {
        Map<String, String> labels =
                McpResources.instanceLabels(
                        instance.getSpec().getTargetName(),
                        instance.getSpec().getSubjectKey(),
                        McpResources.MANAGED_BY_OPERATOR);
        labels.put(McpResources.LABEL_INSTANCE, instance.getMetadata().getName());
        return labels;
    }
}
