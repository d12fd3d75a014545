package io.reflow.mcp.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.sundr.builder.annotations.Buildable;
import io.sundr.builder.annotations.BuildableReference;
import java.util.List;
import java.util.Objects;

/** What to run for one subject: image, port, probes, resources and lifetime limits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@Buildable(
        editableEnabled = false,
        generateBuilderPackage = false,
        lazyCollectionInitEnabled = false,
        builderPackage = "io.fabric8.kubernetes.api.builder",
        refs = @BuildableReference(ResourceRequirements.class))
@ValidationRule(
        value =
                "!has(oldSelf.secretName) || (has(self.secretName) && self.secretName =="
                        + " oldSelf.secretName)",
        message = "secretName is immutable once set",
        reason = "FieldValueForbidden",
        fieldPath = ".secretName")
public class MCPInstanceSpec {

    @Required
    @Pattern(McpResources.IMAGE_PATTERN)
    @JsonPropertyDescription("Container image of the MCP server.")
    private String image;

    @Min(1)
    @Max(65535)
    @Default("8080")
    @JsonPropertyDescription("Port the MCP server listens on (Streamable HTTP).")
    private Integer port = McpResources.DEFAULT_PORT;

    @Required
    @Size(max = McpResources.MAX_TARGET_NAME_LENGTH)
    @Pattern(McpResources.DNS_LABEL_PATTERN)
    @ValidationRule(
            value = "self == oldSelf",
            message = "targetName is immutable",
            reason = "FieldValueForbidden")
    @JsonPropertyDescription("Name of the gateway target this instance serves.")
    private String targetName;

    @Required
    @Pattern(McpResources.SUBJECT_KEY_PATTERN)
    @ValidationRule(
            value = "self == oldSelf",
            message = "subjectKey is immutable",
            reason = "FieldValueForbidden")
    @JsonPropertyDescription(
            "Isolation boundary and hashed identity: shared:<targetId>, role:<hash>, group:<hash> or user:<hash>.")
    private String subjectKey;

    @Size(max = 253)
    @Pattern(McpResources.DNS_SUBDOMAIN_PATTERN)
    @JsonPropertyDescription("Secret whose keys become the container's environment (envFrom).")
    private String secretName;

    @Pattern(McpResources.HTTP_PATH_OR_EMPTY_PATTERN)
    @JsonPropertyDescription(
            "HTTP path of the readiness probe; empty means a TCP probe on the port.")
    private String healthPath;

    @Default("/mcp")
    @Pattern(McpResources.HTTP_PATH_PATTERN)
    @JsonPropertyDescription("Path of the MCP endpoint on the server.")
    private String mcpPath = McpResources.DEFAULT_MCP_PATH;

    @JsonPropertyDescription("Compute resources of the MCP server container.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Entrypoint override of the container.")
    private List<String> command;

    @JsonPropertyDescription("Arguments of the container.")
    private List<String> args;

    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription(
            "Delete the instance after this long without activity, e.g. 30m; the operator default when unset.")
    private String idleTTL;

    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription(
            "Delete the instance this long after it was created, e.g. 24h; the operator default when unset.")
    private String maxLifetime;

    /** Container image of the MCP server. */
    public String getImage() {
        return image;
    }

    /** Sets the container image. */
    public void setImage(String image) {
        this.image = image;
    }

    /** Port the MCP server listens on. */
    public Integer getPort() {
        return port;
    }

    /** Sets the port. */
    public void setPort(Integer port) {
        this.port = port;
    }

    /** Name of the gateway target. */
    public String getTargetName() {
        return targetName;
    }

    /** Sets the target name. */
    public void setTargetName(String targetName) {
        this.targetName = targetName;
    }

    /** Isolation boundary and hashed identity. */
    public String getSubjectKey() {
        return subjectKey;
    }

    /** Sets the subject key. */
    public void setSubjectKey(String subjectKey) {
        this.subjectKey = subjectKey;
    }

    /** Secret referenced with envFrom, or null. */
    public String getSecretName() {
        return secretName;
    }

    /** Sets the Secret name. */
    public void setSecretName(String secretName) {
        this.secretName = secretName;
    }

    /** Readiness probe path; empty or null means a TCP probe. */
    public String getHealthPath() {
        return healthPath;
    }

    /** Sets the readiness probe path. */
    public void setHealthPath(String healthPath) {
        this.healthPath = healthPath;
    }

    /** Path of the MCP endpoint. */
    public String getMcpPath() {
        return mcpPath;
    }

    /** Sets the MCP endpoint path. */
    public void setMcpPath(String mcpPath) {
        this.mcpPath = mcpPath;
    }

    /** Compute resources of the container, or null. */
    public ResourceRequirements getResources() {
        return resources;
    }

    /** Sets the compute resources. */
    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    /** Entrypoint override, or null. */
    public List<String> getCommand() {
        return command;
    }

    /** Sets the entrypoint override. */
    public void setCommand(List<String> command) {
        this.command = command;
    }

    /** Container arguments, or null. */
    public List<String> getArgs() {
        return args;
    }

    /** Sets the container arguments. */
    public void setArgs(List<String> args) {
        this.args = args;
    }

    /** Idle time-to-live such as {@code 30m}, or null for the operator default. */
    public String getIdleTTL() {
        return idleTTL;
    }

    /** Sets the idle time-to-live. */
    public void setIdleTTL(String idleTTL) {
        this.idleTTL = idleTTL;
    }

    /** Maximum lifetime such as {@code 24h}, or null for the operator default. */
    public String getMaxLifetime() {
        return maxLifetime;
    }

    /** Sets the maximum lifetime. */
    public void setMaxLifetime(String maxLifetime) {
        this.maxLifetime = maxLifetime;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MCPInstanceSpec that)) {
            return false;
        }
        return Objects.equals(image, that.image)
                && Objects.equals(port, that.port)
                && Objects.equals(targetName, that.targetName)
                && Objects.equals(subjectKey, that.subjectKey)
                && Objects.equals(secretName, that.secretName)
                && Objects.equals(healthPath, that.healthPath)
                && Objects.equals(mcpPath, that.mcpPath)
                && Objects.equals(resources, that.resources)
                && Objects.equals(command, that.command)
                && Objects.equals(args, that.args)
                && Objects.equals(idleTTL, that.idleTTL)
                && Objects.equals(maxLifetime, that.maxLifetime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                image,
                port,
                targetName,
                subjectKey,
                secretName,
                healthPath,
                mcpPath,
                resources,
                command,
                args,
                idleTTL,
                maxLifetime);
    }

    @Override
    public String toString() {
        return "MCPInstanceSpec{image="
                + image
                + ", port="
                + port
                + ", targetName="
                + targetName
                + ", subjectKey="
                + subjectKey
                + ", secretName="
                + secretName
                + ", mcpPath="
                + mcpPath
                + "}";
    }
}
