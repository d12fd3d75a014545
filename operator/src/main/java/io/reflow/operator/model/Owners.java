package io.reflow.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import java.util.Map;
import java.util.Optional;

/** Owner references to an MCPInstance and the reverse lookup from an owned object. */
public final class Owners {

    /** {@code apiVersion} of MCPInstance. */
    public static final String API_VERSION = McpResources.GROUP + "/" + McpResources.VERSION;

    /** Kind of MCPInstance. */
    public static final String KIND = "MCPInstance";

    private Owners() {}

    /**
     * The controller reference Pods and Services carry: deleting the instance deletes them. No
     * {@code blockOwnerDeletion}, so the operator needs no update right on {@code
     * mcpinstances/finalizers}.
     */
    public static OwnerReference controller(MCPInstance instance) {
        return new OwnerReferenceBuilder()
                .withApiVersion(API_VERSION)
                .withKind(KIND)
                .withName(instance.getMetadata().getName())
                .withUid(instance.getMetadata().getUid())
                .withController(true)
                .build();
    }

    /**
     * The {@code namespace/name} key of the MCPInstance that owns {@code object}: its MCPInstance
     * owner reference, else its instance label.
     */
    public static Optional<String> instanceKey(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        for (OwnerReference owner : object.getMetadata().getOwnerReferences()) {
            if (KIND.equals(owner.getKind()) && API_VERSION.equals(owner.getApiVersion())) {
                return Optional.of(namespace + "/" + owner.getName());
            }
        }
        Map<String, String> labels = object.getMetadata().getLabels();
        if (labels != null && labels.get(McpResources.LABEL_INSTANCE) != null) {
            return Optional.of(namespace + "/" + labels.get(McpResources.LABEL_INSTANCE));
        }
        return Optional.empty();
    }

    /** Whether {@code object} has an owner reference to exactly this instance (same uid). */
    public static boolean ownedBy(HasMetadata object, MCPInstance instance) {
        String uid = instance.getMetadata().getUid();
        return object.getMetadata().getOwnerReferences().stream()
                .anyMatch(
                        owner ->
                                KIND.equals(owner.getKind())
                                        && uid != null
                                        && uid.equals(owner.getUid()));
    }
}
