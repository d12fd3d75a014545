package io.reflow.mcp.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.sundr.builder.annotations.Buildable;
import java.util.Objects;

/** Who an access policy applies to: a user, a role, a group, or everyone. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@Buildable(
        editableEnabled = false,
        generateBuilderPackage = false,
        lazyCollectionInitEnabled = false,
        builderPackage = "io.fabric8.kubernetes.api.builder")
@ValidationRule(
        value =
                "self.subjectType == 'everyone' || (has(self.subjectValue) && self.subjectValue != '')",
        message = "subjectValue is required for subjectType user, role and group",
        reason = "FieldValueRequired",
        fieldPath = ".subjectValue")
public class MCPAccessPolicySubject {

    @Required
    @Pattern("^(user|role|group|everyone)$")
    @JsonPropertyDescription("user, role, group or everyone.")
    private String subjectType;

    @JsonPropertyDescription("The user's subject claim, the role or the group; unset for everyone.")
    private String subjectValue;

    /** user, role, group or everyone. */
    public String getSubjectType() {
        return subjectType;
    }

    /** Sets the subject type. */
    public void setSubjectType(String subjectType) {
        this.subjectType = subjectType;
    }

    /** The user, role or group, or null for everyone. */
    public String getSubjectValue() {
        return subjectValue;
    }

    /** Sets the subject value. */
    public void setSubjectValue(String subjectValue) {
        this.subjectValue = subjectValue;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MCPAccessPolicySubject s
                && Objects.equals(subjectType, s.subjectType)
                && Objects.equals(subjectValue, s.subjectValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subjectType, subjectValue);
    }
}
