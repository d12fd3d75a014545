package io.reflow.mcp.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.sundr.builder.annotations.Buildable;
import io.sundr.builder.annotations.BuildableReference;
import java.util.List;
import java.util.Objects;

/** How the gateway reaches a target: a URL, or an image it runs per subject on the cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@Buildable(
        editableEnabled = false,
        generateBuilderPackage = false,
        lazyCollectionInitEnabled = false,
        builderPackage = "io.fabric8.kubernetes.api.builder",
        refs = @BuildableReference(ResourceRequirements.class))
@ValidationRule(
        value = "self.transportType != 'kubernetes' || has(self.image)",
        message = "image is required for transportType kubernetes",
        reason = "FieldValueRequired",
        fieldPath = ".image")
@ValidationRule(
        value = "!(self.transportType in ['streamable-http', 'sse']) || has(self.url)",
        message = "url is required for transportType streamable-http and sse",
        reason = "FieldValueRequired",
        fieldPath = ".url")
@ValidationRule(
        value = "!has(self.authType) || self.authType != 'header' || has(self.authHeaderName)",
        message = "authHeaderName is required for authType header",
        reason = "FieldValueRequired",
        fieldPath = ".authHeaderName")
public class MCPTargetSpec {

    @Required
    @PrinterColumn(name = "Transport")
    @JsonPropertyDescription("streamable-http, kubernetes, stdio or sse.")
    private TransportType transportType;

    @Pattern("^https?://[^\\s]+$")
    @PrinterColumn(name = "URL")
    @JsonPropertyDescription("URL of the MCP endpoint (streamable-http, sse).")
    private String url;

    @Pattern(McpResources.IMAGE_PATTERN)
    @PrinterColumn(name = "Image")
    @JsonPropertyDescription("Container image of the MCP server (kubernetes).")
    private String image;

    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("Port the MCP server listens on (kubernetes); 8080 when unset.")
    private Integer port;

    @Pattern(McpResources.HTTP_PATH_OR_EMPTY_PATTERN)
    @JsonPropertyDescription("Readiness probe path (kubernetes); empty means a TCP probe.")
    private String healthPath;

    @Default("/mcp")
    @Pattern(McpResources.HTTP_PATH_PATTERN)
    @JsonPropertyDescription("Path of the MCP endpoint on the server (kubernetes).")
    private String mcpPath = McpResources.DEFAULT_MCP_PATH;

    @JsonPropertyDescription("Entrypoint override (kubernetes, stdio).")
    private List<String> command;

    @JsonPropertyDescription("Arguments (kubernetes, stdio).")
    private List<String> args;

    @JsonPropertyDescription("stateless or stateful.")
    private Statefulness statefulness;

    @PrinterColumn(name = "Isolation")
    @JsonPropertyDescription("shared, per_role, per_group or per_user (kubernetes).")
    private IsolationBoundary isolationBoundary;

    @JsonPropertyDescription("none, bearer or header: how AUTH_TOKEN reaches an HTTP target.")
    private AuthType authType;

    @Pattern("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")
    @JsonPropertyDescription("Header that carries AUTH_TOKEN when authType is header.")
    private String authHeaderName;

    @JsonPropertyDescription("Compute resources of each instance (kubernetes).")
    private ResourceRequirements resources;

    @Pattern("^[A-Za-z0-9_.-]{0,64}$")
    @JsonPropertyDescription(
            "Prefix of this target's tool and prompt names on the aggregated /mcp endpoint;"
                    + " unset means the target name and '_', empty means no prefix.")
    private String toolPrefix;

    /** Transport of the target. */
    public TransportType getTransportType() {
        return transportType;
    }

    /** Sets the transport. */
    public void setTransportType(TransportType transportType) {
        this.transportType = transportType;
    }

    /** URL of an HTTP target, or null. */
    public String getUrl() {
        return url;
    }

    /** Sets the URL. */
    public void setUrl(String url) {
        this.url = url;
    }

    /** Image of a kubernetes target, or null. */
    public String getImage() {
        return image;
    }

    /** Sets the image. */
    public void setImage(String image) {
        this.image = image;
    }

    /** Port, or null for the default. */
    public Integer getPort() {
        return port;
    }

    /** Sets the port. */
    public void setPort(Integer port) {
        this.port = port;
    }

    /** Readiness probe path, or null. */
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

    /** Entrypoint override, or null. */
    public List<String> getCommand() {
        return command;
    }

    /** Sets the entrypoint override. */
    public void setCommand(List<String> command) {
        this.command = command;
    }

    /** Arguments, or null. */
    public List<String> getArgs() {
        return args;
    }

    /** Sets the arguments. */
    public void setArgs(List<String> args) {
        this.args = args;
    }

    /** Statefulness, or null. */
    public Statefulness getStatefulness() {
        return statefulness;
    }

    /** Sets the statefulness. */
    public void setStatefulness(Statefulness statefulness) {
        this.statefulness = statefulness;
    }

    /** Isolation boundary, or null. */
    public IsolationBoundary getIsolationBoundary() {
        return isolationBoundary;
    }

    /** Sets the isolation boundary. */
    public void setIsolationBoundary(IsolationBoundary isolationBoundary) {
        this.isolationBoundary = isolationBoundary;
    }

    /** Auth type, or null. */
    public AuthType getAuthType() {
        return authType;
    }

    /** Sets the auth type. */
    public void setAuthType(AuthType authType) {
        this.authType = authType;
    }

    /** Header name for {@link AuthType#HEADER}, or null. */
    public String getAuthHeaderName() {
        return authHeaderName;
    }

    /** Sets the header name. */
    public void setAuthHeaderName(String authHeaderName) {
        this.authHeaderName = authHeaderName;
    }

    /** Compute resources, or null. */
    public ResourceRequirements getResources() {
        return resources;
    }

    /** Sets the compute resources. */
    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    /** Tool and prompt name prefix on the aggregated endpoint, or null for the default. */
    public String getToolPrefix() {
        return toolPrefix;
    }

    /** Sets the tool and prompt name prefix. */
    public void setToolPrefix(String toolPrefix) {
        this.toolPrefix = toolPrefix;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MCPTargetSpec that)) {
            return false;
        }
        return transportType == that.transportType
                && Objects.equals(url, that.url)
                && Objects.equals(image, that.image)
                && Objects.equals(port, that.port)
                && Objects.equals(healthPath, that.healthPath)
                && Objects.equals(mcpPath, that.mcpPath)
                && Objects.equals(command, that.command)
                && Objects.equals(args, that.args)
                && statefulness == that.statefulness
                && isolationBoundary == that.isolationBoundary
                && authType == that.authType
                && Objects.equals(authHeaderName, that.authHeaderName)
                && Objects.equals(resources, that.resources)
                && Objects.equals(toolPrefix, that.toolPrefix);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                transportType,
                url,
                image,
                port,
                healthPath,
                mcpPath,
                command,
                args,
                statefulness,
                isolationBoundary,
                authType,
                authHeaderName,
                resources,
                toolPrefix);
    }
}
