package io.reflow.gateway.kubernetes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.reflow.gateway.access.Policy;
import io.reflow.gateway.access.PolicyJson;
import io.reflow.gateway.access.PolicySubject;
import io.reflow.gateway.json.Json;
import io.reflow.mcp.api.MCPAccessPolicy;
import io.reflow.mcp.api.MCPAccessPolicySpec;
import io.reflow.mcp.api.MCPAccessPolicySubject;
import io.reflow.mcp.api.McpResources;
import java.util.List;
import java.util.Map;

/**
 * Converts policies to MCPAccessPolicy resources and back: the id is {@code metadata.name}, the
 * fields are the spec's (camelCase). Pure; reading validates like the REST API does.
 */
final class PolicyResources {

    private PolicyResources() {}

    /** The resource for {@code policy} in {@code namespace}. */
    static MCPAccessPolicy toResource(Policy policy, String namespace) {
        MCPAccessPolicySpec spec = new MCPAccessPolicySpec();
        spec.setName(policy.name().isEmpty() ? null : policy.name());
        spec.setDescription(policy.description().isEmpty() ? null : policy.description());
        spec.setTargetId(policy.targetId());
        spec.setResourceType(policy.resourceType().wire());
        spec.setResourcePattern(
                policy.resourcePattern().isEmpty() ? null : policy.resourcePattern());
        spec.setEffect(policy.effect().wire());
        spec.setPriority(policy.priority());
        spec.setEnabled(policy.enabled());
        spec.setSubjects(
                policy.subjects().stream()
                        .map(
                                s -> {
                                    MCPAccessPolicySubject subject = new MCPAccessPolicySubject();
                                    subject.setSubjectType(s.type().wire());
                                    subject.setSubjectValue(
                                            s.type() == PolicySubject.Type.EVERYONE
                                                    ? null
                                                    : s.value());
                                    return subject;
                                })
                        .toList());
        MCPAccessPolicy resource = new MCPAccessPolicy();
        resource.setMetadata(
                new ObjectMetaBuilder()
                        .withName(policy.id())
                        .withNamespace(namespace)
                        .withLabels(
                                Map.of(
                                        McpResources.LABEL_MANAGED_BY,
                                        McpResources.MANAGED_BY_GATEWAY))
                        .build());
        resource.setSpec(spec);
        return resource;
    }

    /**
     * The policy of {@code resource}, validated as the REST API validates a body.
     *
     * @throws io.reflow.gateway.access.PolicyValidationException naming the invalid fields
     */
    static Policy fromResource(MCPAccessPolicy resource) {
        MCPAccessPolicySpec spec =
                resource.getSpec() == null ? new MCPAccessPolicySpec() : resource.getSpec();
        ObjectNode node = Json.object();
        node.put("id", resource.getMetadata().getName());
        putIfSet(node, "name", spec.getName());
        putIfSet(node, "description", spec.getDescription());
        putIfSet(node, "target_id", spec.getTargetId());
        putIfSet(node, "resource_type", spec.getResourceType());
        putIfSet(node, "resource_pattern", spec.getResourcePattern());
        putIfSet(node, "effect", spec.getEffect());
        if (spec.getPriority() != null) {
            node.put("priority", spec.getPriority());
        }
        if (spec.getEnabled() != null) {
            node.put("enabled", spec.getEnabled());
        }
        ArrayNode subjects = node.putArray("subjects");
        List<MCPAccessPolicySubject> listed =
                spec.getSubjects() == null ? List.of() : spec.getSubjects();
        for (MCPAccessPolicySubject s : listed) {
            ObjectNode subject = subjects.addObject();
            putIfSet(subject, "subject_type", s.getSubjectType());
            putIfSet(subject, "subject_value", s.getSubjectValue());
        }
        return PolicyJson.parse(node, null, false);
    }

    private static void putIfSet(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
