package io.reflow.mcp.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.sundr.builder.annotations.Buildable;
import java.util.List;
import java.util.Objects;

/**
 * What an access policy allows or denies, with the fields of the gateway's policy API in camelCase.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@Buildable(
        editableEnabled = false,
        generateBuilderPackage = false,
        lazyCollectionInitEnabled = false,
        builderPackage = "io.fabric8.kubernetes.api.builder")
public class MCPAccessPolicySpec {

    @JsonPropertyDescription("Short human name.")
    private String name;

    @JsonPropertyDescription("Free text.")
    private String description;

    @PrinterColumn(name = "Target")
    @JsonPropertyDescription("The target the policy applies to; unset for every target.")
    private String targetId;

    @Default("all")
    @Pattern("^(all|tool|resource|prompt)$")
    @JsonPropertyDescription("all, tool, resource or prompt.")
    private String resourceType = "all";

    @Size(max = 1024)
    @JsonPropertyDescription(
            "RE2 regular expression searched in the tool or prompt name or resource URI; empty"
                    + " matches every item.")
    private String resourcePattern;

    @Required
    @Pattern("^(allow|deny)$")
    @PrinterColumn(name = "Effect")
    @JsonPropertyDescription("allow or deny.")
    private String effect;

    @Default("0")
    @PrinterColumn(name = "Priority")
    @JsonPropertyDescription("Higher is evaluated first; deny wins at equal priority.")
    private Integer priority = 0;

    @Default("true")
    @JsonPropertyDescription("Disabled policies are ignored.")
    private Boolean enabled = true;

    @Required
    @Size(min = 1, max = 256)
    @JsonPropertyDescription("Who the policy applies to.")
    private List<MCPAccessPolicySubject> subjects;

    /** Short human name, or null. */
    public String getName() {
        return name;
    }

    /** Sets the name. */
    public void setName(String name) {
        this.name = name;
    }

    /** Free text, or null. */
    public String getDescription() {
        return description;
    }

    /** Sets the description. */
    public void setDescription(String description) {
        this.description = description;
    }

    /** The target, or null for every target. */
    public String getTargetId() {
        return targetId;
    }

    /** Sets the target. */
    public void setTargetId(String targetId) {
        this.targetId = targetId;
    }

    /** all, tool, resource or prompt. */
    public String getResourceType() {
        return resourceType;
    }

    /** Sets the resource type. */
    public void setResourceType(String resourceType) {
        this.resourceType = resourceType;
    }

    /** The pattern, or null for every item. */
    public String getResourcePattern() {
        return resourcePattern;
    }

    /** Sets the pattern. */
    public void setResourcePattern(String resourcePattern) {
        this.resourcePattern = resourcePattern;
    }

    /** allow or deny. */
    public String getEffect() {
        return effect;
    }

    /** Sets the effect. */
    public void setEffect(String effect) {
        this.effect = effect;
    }

    /** The priority. */
    public Integer getPriority() {
        return priority;
    }

    /** Sets the priority. */
    public void setPriority(Integer priority) {
        this.priority = priority;
    }

    /** Whether the policy is enabled. */
    public Boolean getEnabled() {
        return enabled;
    }

    /** Sets whether the policy is enabled. */
    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    /** Who the policy applies to. */
    public List<MCPAccessPolicySubject> getSubjects() {
        return subjects;
    }

    /** Sets the subjects. */
    public void setSubjects(List<MCPAccessPolicySubject> subjects) {
        this.subjects = subjects;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MCPAccessPolicySpec s
                && Objects.equals(name, s.name)
                && Objects.equals(description, s.description)
                && Objects.equals(targetId, s.targetId)
                && Objects.equals(resourceType, s.resourceType)
                && Objects.equals(resourcePattern, s.resourcePattern)
                && Objects.equals(effect, s.effect)
                && Objects.equals(priority, s.priority)
                && Objects.equals(enabled, s.enabled)
                && Objects.equals(subjects, s.subjects);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                name,
                description,
                targetId,
                resourceType,
                resourcePattern,
                effect,
                priority,
                enabled,
                subjects);
    }
}
